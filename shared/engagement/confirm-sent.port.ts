import { confirmSent as confirmSentOfCampaigns } from '#shared/campaigns/campaign-send.service.ts';

/**
 * The campaign sender's use case that settles a recipient whose send is in doubt (status pending
 * or sending): SES's Send or Delivery event proves the mail went out with this message id.
 * Idempotent; a recipient already settled is left alone. A port, so tests can watch the calls.
 */
export type ConfirmSent = (campaignId: string, contactId: string, messageId: string) => Promise<unknown>;

export const confirmSent: ConfirmSent = confirmSentOfCampaigns;
