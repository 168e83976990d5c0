import { accountsApi } from '#shared/accounts/account.api.ts';
import { activitiesApi } from '#shared/activities/activity.api.ts';
import { campaignsApi } from '#shared/campaigns/campaign.api.ts';
import { chatApi } from '#shared/chat/chat.api.ts';
import { consentApi } from '#shared/consent/consent.api.ts';
import { contactsApi } from '#shared/contacts/contact.api.ts';
import { erpCallbacksApi } from '#shared/erp/erp-callback.api.ts';
import { formsApi } from '#shared/forms/form.api.ts';
import { kbApi } from '#shared/kb/kb.api.ts';
import { leadsApi } from '#shared/leads/lead.api.ts';
import { opportunitiesApi } from '#shared/opportunities/opportunity.api.ts';
import { ordersApi } from '#shared/orders/order.api.ts';
import type { FeatureApi } from '#shared/platform/http/operation.ts';
import { productsApi } from '#shared/products/product.api.ts';
import { quotesApi } from '#shared/quotes/quote.api.ts';
import { reportsApi } from '#shared/reports/report.api.ts';
import { segmentsApi } from '#shared/segments/segment.api.ts';
import { sequencesApi } from '#shared/sequences/sequence.api.ts';
import { settingsApi } from '#shared/settings/setting.api.ts';
import { suppressionsApi } from '#shared/suppressions/suppression.api.ts';
import { surveysApi } from '#shared/surveys/survey.api.ts';
import { systemApi } from '#shared/system/system.api.ts';
import { templatesApi } from '#shared/templates/template.api.ts';
import { ticketsApi } from '#shared/tickets/ticket.api.ts';

/**
 * Every feature's HTTP API, read by the OpenAPI generator, the CDK API stack, the local server and
 * the 404/405 fallback. A new feature adds its `*.api.ts` here.
 */
export const apiCatalog: readonly FeatureApi[] = [
  systemApi,
  settingsApi,
  accountsApi,
  contactsApi,
  activitiesApi,
  leadsApi,
  formsApi,
  opportunitiesApi,
  productsApi,
  quotesApi,
  ordersApi,
  erpCallbacksApi,
  ticketsApi,
  kbApi,
  chatApi,
  surveysApi,
  consentApi,
  suppressionsApi,
  segmentsApi,
  templatesApi,
  sequencesApi,
  campaignsApi,
  reportsApi,
];
