import { opportunitiesApi } from '#shared/opportunities/opportunity.api.ts';
import {
  changeStage,
  createOpportunity,
  deleteOpportunity,
  findOpportunity,
  listOpportunities,
  stageHistory,
  updateOpportunity,
} from '#shared/opportunities/opportunity.service.ts';
import { forecast, pipeline } from '#shared/opportunities/pipeline.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/opportunities, /v1/pipeline and /v1/forecast: parse, call a use case, map. */
export const { handle, handler } = createHttpHandler(opportunitiesApi, {
  createOpportunity: async ({ body, uow }) => {
    const opportunity = await createOpportunity(body, uow);
    return {
      body: opportunity,
      version: opportunity.version,
      headers: { location: `/v1/opportunities/${opportunity.id}` },
    };
  },
  listOpportunities: async ({ query }) => ({ body: await listOpportunities(query) }),
  getOpportunity: async ({ params }) => {
    const opportunity = await findOpportunity(params.id);
    return { body: opportunity, version: opportunity.version };
  },
  updateOpportunity: async ({ params, body, ifMatch, uow }) => {
    const opportunity = await updateOpportunity(params.id, body, ifMatch, uow);
    return { body: opportunity, version: opportunity.version };
  },
  deleteOpportunity: async ({ params, ifMatch, uow }) => {
    await deleteOpportunity(params.id, ifMatch, uow);
    return {};
  },
  changeOpportunityStage: async ({ params, body, ifMatch, uow }) => {
    const opportunity = await changeStage(params.id, body, ifMatch, uow);
    return { body: opportunity, version: opportunity.version };
  },
  getOpportunityStageHistory: async ({ params, query }) => ({ body: await stageHistory(params.id, query) }),
  getPipeline: async ({ query }) => ({ body: await pipeline(query) }),
  getForecast: async ({ query }) => ({ body: await forecast(query) }),
});
