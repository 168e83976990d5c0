import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, type Role } from '#shared/platform/roles.ts';
import {
  changeStageBody,
  createOpportunityBody,
  forecastQuery,
  forecastSchema,
  historyQuery,
  listOpportunitiesQuery,
  opportunityPage,
  opportunitySchema,
  pipelineQuery,
  pipelineSchema,
  stageHistoryPage,
  updateOpportunityBody,
} from './opportunity.schema.ts';

/** Deals are sales work: sales people and their managers write them, admins too. */
export const OPPORTUNITY_WRITERS: readonly Role[] = ['admin', 'sales', 'sales_manager'];
/** Deleting a deal loses pipeline history: managers and admins only. */
export const OPPORTUNITY_DELETERS: readonly Role[] = ['admin', 'sales_manager'];

/** The opportunities, pipeline and forecast API (PRODUCT.md section 5); roles as in docs/roles.md. */
export const opportunitiesApi = defineFeatureApi({
  functionName: 'opportunities',
  operations: {
    createOpportunity: defineOperation({
      method: 'POST',
      path: '/v1/opportunities',
      summary: 'Create an opportunity; the linked account and contact must exist.',
      tag: 'opportunities',
      access: { roles: OPPORTUNITY_WRITERS },
      body: createOpportunityBody,
      response: opportunitySchema,
      status: 201,
      idempotent: true,
    }),
    listOpportunities: defineOperation({
      method: 'GET',
      path: '/v1/opportunities',
      summary: 'List opportunities by contact, account, owner or stage (a stage lists in Kanban order).',
      tag: 'opportunities',
      access: { roles: READERS },
      query: listOpportunitiesQuery,
      response: opportunityPage,
      status: 200,
    }),
    getOpportunity: defineOperation({
      method: 'GET',
      path: '/v1/opportunities/{id}',
      summary: 'Get an opportunity.',
      tag: 'opportunities',
      access: { roles: READERS },
      params: idParams,
      response: opportunitySchema,
      status: 200,
    }),
    updateOpportunity: defineOperation({
      method: 'PATCH',
      path: '/v1/opportunities/{id}',
      summary: 'Change fields of an opportunity (not its stage); honours If-Match.',
      tag: 'opportunities',
      access: { roles: OPPORTUNITY_WRITERS },
      params: idParams,
      body: updateOpportunityBody,
      response: opportunitySchema,
      status: 200,
    }),
    deleteOpportunity: defineOperation({
      method: 'DELETE',
      path: '/v1/opportunities/{id}',
      summary: 'Delete an opportunity and its stage history (admin, sales_manager); honours If-Match.',
      tag: 'opportunities',
      access: { roles: OPPORTUNITY_DELETERS },
      params: idParams,
      status: 204,
    }),
    changeOpportunityStage: defineOperation({
      method: 'POST',
      path: '/v1/opportunities/{id}/stage',
      summary:
        'Move an opportunity to a stage (lostReason required for closed_lost) or within its column (rank); honours If-Match.',
      tag: 'opportunities',
      access: { roles: OPPORTUNITY_WRITERS },
      params: idParams,
      body: changeStageBody,
      response: opportunitySchema,
      status: 200,
      idempotent: true,
    }),
    getOpportunityStageHistory: defineOperation({
      method: 'GET',
      path: '/v1/opportunities/{id}/stage-history',
      summary: 'The stage changes of an opportunity, oldest first.',
      tag: 'opportunities',
      access: { roles: READERS },
      params: idParams,
      query: historyQuery,
      response: stageHistoryPage,
      status: 200,
    }),
    getPipeline: defineOperation({
      method: 'GET',
      path: '/v1/pipeline',
      summary:
        'The board: per stage count, sum and weighted sum per currency, and the cards in Kanban order.',
      tag: 'opportunities',
      access: { roles: READERS },
      query: pipelineQuery,
      response: pipelineSchema,
      status: 200,
    }),
    getForecast: defineOperation({
      method: 'GET',
      path: '/v1/forecast',
      summary:
        'Open and won opportunities closing in [from, to], grouped by owner, stage or month, weighted.',
      tag: 'opportunities',
      access: { roles: READERS },
      query: forecastQuery,
      response: forecastSchema,
      status: 200,
    }),
  },
});
