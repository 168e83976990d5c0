import { campaignSent } from '#shared/campaigns/campaign.events.ts';
import { consentChanged } from '#shared/contacts/contact.events.ts';
import { emailClicked, emailDelivered, emailOpened } from '#shared/engagement/engagement.events.ts';
import { leadCaptured, leadConverted } from '#shared/leads/lead.events.ts';
import { opportunityLost, opportunityWon } from '#shared/opportunities/opportunity.events.ts';
import { orderPlaced } from '#shared/orders/order.events.ts';
import { surveyAnswered, ticketResolved } from '#shared/tickets/ticket.events.ts';

/** Every event a KPI of docs/kpis.md reads: the `reports` queue's events (shared/event-routes.ts). */
export const REPORT_EVENT_CONTRACTS = [
  leadCaptured,
  leadConverted,
  opportunityWon,
  opportunityLost,
  campaignSent,
  emailDelivered,
  emailOpened,
  emailClicked,
  consentChanged,
  ticketResolved,
  surveyAnswered,
  orderPlaced,
] as const;

export const REPORT_EVENTS = REPORT_EVENT_CONTRACTS.map((contract) => contract.name);
