import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import type { Role } from '#shared/platform/roles.ts';
import {
  campaignPage,
  campaignSchema,
  campaignStatsSchema,
  createCampaignBody,
  listCampaignsQuery,
  recipientPage,
  recipientsQuery,
  scheduleCampaignBody,
  updateCampaignBody,
} from './campaign.schema.ts';

/** Marketing and admins run campaigns; sales sees them (and their figures) beside its contacts. */
export const CAMPAIGN_WRITERS: readonly Role[] = ['admin', 'marketing'];
export const CAMPAIGN_READERS: readonly Role[] = ['admin', 'marketing', 'sales', 'sales_manager'];

/** Campaigns (PRODUCT.md section 5 Marketing): segment + template + schedule, sent in bulk through SES. */
export const campaignsApi = defineFeatureApi({
  functionName: 'campaigns',
  operations: {
    createCampaign: defineOperation({
      method: 'POST',
      path: '/v1/campaigns',
      summary: 'Create a campaign (draft, or scheduled when scheduledAt is given).',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_WRITERS },
      body: createCampaignBody,
      response: campaignSchema,
      status: 201,
      idempotent: true,
    }),
    listCampaigns: defineOperation({
      method: 'GET',
      path: '/v1/campaigns',
      summary: 'List campaigns, newest first, optionally by status.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_READERS },
      query: listCampaignsQuery,
      response: campaignPage,
      status: 200,
    }),
    getCampaign: defineOperation({
      method: 'GET',
      path: '/v1/campaigns/{id}',
      summary: 'Get a campaign.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_READERS },
      params: idParams,
      response: campaignSchema,
      status: 200,
    }),
    updateCampaign: defineOperation({
      method: 'PATCH',
      path: '/v1/campaigns/{id}',
      summary:
        'Change a draft or scheduled campaign; scheduledAt (re)schedules it, null unschedules; honours If-Match.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_WRITERS },
      params: idParams,
      body: updateCampaignBody,
      response: campaignSchema,
      status: 200,
    }),
    deleteCampaign: defineOperation({
      method: 'DELETE',
      path: '/v1/campaigns/{id}',
      summary: 'Delete a draft campaign; honours If-Match.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_WRITERS },
      params: idParams,
      status: 204,
    }),
    sendCampaign: defineOperation({
      method: 'POST',
      path: '/v1/campaigns/{id}/send',
      summary: 'Send now. A campaign already sending or sent answers its state and sends nothing new.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_WRITERS },
      params: idParams,
      response: campaignSchema,
      status: 202,
      attempts: 3,
    }),
    scheduleCampaign: defineOperation({
      method: 'POST',
      path: '/v1/campaigns/{id}/schedule',
      summary:
        'Schedule a draft (or reschedule a scheduled) campaign to start at scheduledAt; honours If-Match.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_WRITERS },
      params: idParams,
      body: scheduleCampaignBody,
      response: campaignSchema,
      status: 200,
    }),
    cancelCampaign: defineOperation({
      method: 'POST',
      path: '/v1/campaigns/{id}/cancel',
      summary:
        'Cancel a draft, scheduled or sending campaign (recipients not yet sent get nothing); honours If-Match.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_WRITERS },
      params: idParams,
      response: campaignSchema,
      status: 200,
    }),
    campaignStats: defineOperation({
      method: 'GET',
      path: '/v1/campaigns/{id}/stats',
      summary: 'Counters, rates, cost, attributed revenue and ROI of a campaign.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_READERS },
      params: idParams,
      response: campaignStatsSchema,
      status: 200,
    }),
    listCampaignRecipients: defineOperation({
      method: 'GET',
      path: '/v1/campaigns/{id}/recipients',
      summary:
        'The recipients with their send status and engagement, a page at a time, optionally by status.',
      tag: 'campaigns',
      access: { roles: CAMPAIGN_READERS },
      params: idParams,
      query: recipientsQuery,
      response: recipientPage,
      status: 200,
    }),
  },
});
