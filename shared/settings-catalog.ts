import { campaignSendingSetting } from '#shared/campaigns/campaign.settings.ts';
import { leadAssignmentSetting, leadScoringSetting } from '#shared/leads/lead.settings.ts';
import { lostReasonsSetting, opportunityStagesSetting } from '#shared/opportunities/opportunity.settings.ts';
import type { SettingDefinition } from '#shared/platform/settings.ts';
import { quoteApprovalSetting } from '#shared/quotes/quote.settings.ts';
import { sequenceNotificationsSetting } from '#shared/sequences/sequence.settings.ts';
import { slaEscalationSetting, slaPoliciesSetting } from '#shared/sla/sla.settings.ts';
import { templateTestRecipientsSetting } from '#shared/templates/template.settings.ts';
import { ticketAssignmentSetting, ticketRulesSetting } from '#shared/tickets/ticket.settings.ts';

/**
 * Every setting an admin may change through `/v1/settings/{name}`. A feature declares its settings
 * in `shared/<feature>/*.settings.ts` and adds them here.
 */
export const settingsCatalog: readonly SettingDefinition[] = [
  leadScoringSetting,
  leadAssignmentSetting,
  opportunityStagesSetting,
  lostReasonsSetting,
  quoteApprovalSetting,
  ticketRulesSetting,
  ticketAssignmentSetting,
  slaPoliciesSetting,
  slaEscalationSetting,
  templateTestRecipientsSetting,
  sequenceNotificationsSetting,
  campaignSendingSetting,
];
