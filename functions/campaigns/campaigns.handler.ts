import { campaignsApi } from '#shared/campaigns/campaign.api.ts';
import {
  campaignStats,
  cancelCampaign,
  createCampaign,
  deleteCampaign,
  findCampaign,
  listCampaigns,
  listRecipients,
  startSending,
  updateCampaign,
} from '#shared/campaigns/campaign.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/campaigns. */
export const { handle, handler } = createHttpHandler(campaignsApi, {
  createCampaign: async ({ body, uow }) => {
    const campaign = await createCampaign(body, uow);
    return {
      body: campaign,
      version: campaign.version,
      headers: { location: `/v1/campaigns/${campaign.id}` },
    };
  },
  listCampaigns: async ({ query }) => ({ body: await listCampaigns(query) }),
  getCampaign: async ({ params }) => {
    const campaign = await findCampaign(params.id);
    return { body: campaign, version: campaign.version };
  },
  updateCampaign: async ({ params, body, ifMatch, uow }) => {
    const campaign = await updateCampaign(params.id, body, ifMatch, uow);
    return { body: campaign, version: campaign.version };
  },
  deleteCampaign: async ({ params, ifMatch, uow }) => {
    await deleteCampaign(params.id, ifMatch, uow);
    return {};
  },
  sendCampaign: async ({ params, uow }) => {
    const campaign = await startSending(params.id, uow);
    return { body: campaign, version: campaign.version };
  },
  scheduleCampaign: async ({ params, body, ifMatch, uow }) => {
    const campaign = await updateCampaign(params.id, { scheduledAt: body.scheduledAt }, ifMatch, uow);
    return { body: campaign, version: campaign.version };
  },
  cancelCampaign: async ({ params, ifMatch, uow }) => {
    const campaign = await cancelCampaign(params.id, ifMatch, uow);
    return { body: campaign, version: campaign.version };
  },
  campaignStats: async ({ params }) => ({ body: await campaignStats(params.id) }),
  listCampaignRecipients: async ({ params, query }) => ({ body: await listRecipients(params.id, query) }),
});
