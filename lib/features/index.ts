import { accountsFeature } from './accounts.ts';
import { activitiesFeature } from './activities.ts';
import { campaignMaterialiserFeature } from './campaign-materialiser.ts';
import { campaignSenderFeature } from './campaign-sender.ts';
import { campaignStartFeature } from './campaign-start.ts';
import { campaignsFeature } from './campaigns.ts';
import { chatFeature } from './chat.ts';
import { consentFeature } from './consent.ts';
import { contactsFeature } from './contacts.ts';
import { customerValueFeature } from './customer-value.ts';
import { emailFeedbackFeature } from './email-feedback.ts';
import { erpCallbacksFeature } from './erp-callbacks.ts';
import { erpSyncFeature } from './erp-sync.ts';
import { defaultFeature, type FeatureWiring } from './feature.ts';
import { formsFeature } from './forms.ts';
import { inboundMailFeature } from './inbound-mail.ts';
import { kbFeature } from './kb.ts';
import { leadsFeature } from './leads.ts';
import { opportunitiesFeature } from './opportunities.ts';
import { orderMailerFeature } from './order-mailer.ts';
import { ordersFeature } from './orders.ts';
import { productsFeature } from './products.ts';
import { quotesFeature } from './quotes.ts';
import { reportAggregatorFeature } from './report-aggregator.ts';
import { reportsFeature } from './reports.ts';
import { segmentIndexerFeature } from './segment-indexer.ts';
import { segmentsFeature } from './segments.ts';
import { sequenceApiFeature } from './sequence-api.ts';
import { sequenceEventsFeature } from './sequence-events.ts';
import { sequenceStepFeature } from './sequence-step.ts';
import { settingsFeature } from './settings.ts';
import { slaBreachFeature } from './sla-breach.ts';
import { slaSchedulerFeature } from './sla-scheduler.ts';
import { suppressionsFeature } from './suppressions.ts';
import { surveysFeature } from './surveys.ts';
import { systemFeature } from './system.ts';
import { templatesFeature } from './templates.ts';
import { ticketMailerFeature } from './ticket-mailer.ts';
import { ticketsFeature } from './tickets.ts';

/** Every feature with its own wiring; a new feature adds its file and one line here. */
export const featureWirings: readonly FeatureWiring[] = [
  systemFeature,
  settingsFeature,
  accountsFeature,
  contactsFeature,
  activitiesFeature,
  leadsFeature,
  formsFeature,
  opportunitiesFeature,
  productsFeature,
  quotesFeature,
  ordersFeature,
  erpSyncFeature,
  erpCallbacksFeature,
  orderMailerFeature,
  slaSchedulerFeature,
  slaBreachFeature,
  ticketsFeature,
  kbFeature,
  chatFeature,
  inboundMailFeature,
  ticketMailerFeature,
  surveysFeature,
  consentFeature,
  suppressionsFeature,
  segmentsFeature,
  segmentIndexerFeature,
  templatesFeature,
  sequenceApiFeature,
  sequenceEventsFeature,
  sequenceStepFeature,
  campaignsFeature,
  campaignMaterialiserFeature,
  campaignSenderFeature,
  campaignStartFeature,
  emailFeedbackFeature,
  customerValueFeature,
  reportsFeature,
  reportAggregatorFeature,
];

/** The wiring of a function: its feature file, or the least-privilege default. */
export const wiringFor = (functionName: string, options: { publicRoutes: boolean }): FeatureWiring =>
  featureWirings.find((wiring) => wiring.functionName === functionName) ??
  defaultFeature(functionName, options);
