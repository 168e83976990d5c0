import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, RECORD_WRITERS, type Role } from '#shared/platform/roles.ts';
import { LEAD_ATTEMPTS } from './lead.attempts.ts';
import {
  assignBody,
  behaviourBody,
  behaviourResultSchema,
  createLeadBody,
  leadPage,
  leadSchema,
  listLeadsQuery,
  scoreHistoryPage,
  scoreHistoryQuery,
  updateLeadBody,
} from './lead.schema.ts';
import { conversionSchema, convertLeadBody } from './lead-conversion.schema.ts';

/** Who hands leads to owners. */
const ASSIGNERS: readonly Role[] = ['admin', 'sales_manager', 'sales', 'marketing'];

/** The leads API (PRODUCT.md section 5): capture, qualification by score, assignment. */
export const leadsApi = defineFeatureApi({
  functionName: 'leads',
  operations: {
    createLead: defineOperation({
      method: 'POST',
      path: '/v1/leads',
      summary:
        'Capture a lead (source api, campaign:<id>, event:<name>, import); a known email updates its lead instead of creating a second.',
      tag: 'leads',
      access: { roles: RECORD_WRITERS },
      body: createLeadBody,
      response: leadSchema,
      status: 201,
      idempotent: true,
      attempts: LEAD_ATTEMPTS,
    }),
    listLeads: defineOperation({
      method: 'GET',
      path: '/v1/leads',
      summary: 'List leads by email, status, owner, contact or account.',
      tag: 'leads',
      access: { roles: READERS },
      query: listLeadsQuery,
      response: leadPage,
      status: 200,
    }),
    getLead: defineOperation({
      method: 'GET',
      path: '/v1/leads/{id}',
      summary: 'Get a lead.',
      tag: 'leads',
      access: { roles: READERS },
      params: idParams,
      response: leadSchema,
      status: 200,
    }),
    updateLead: defineOperation({
      method: 'PATCH',
      path: '/v1/leads/{id}',
      summary:
        'Change fields (BANT, owner, status new/working/disqualified); rescores the profile; honours If-Match.',
      tag: 'leads',
      access: { roles: RECORD_WRITERS },
      params: idParams,
      body: updateLeadBody,
      response: leadSchema,
      status: 200,
    }),
    deleteLead: defineOperation({
      method: 'DELETE',
      path: '/v1/leads/{id}',
      summary: 'Delete a lead with its submissions and history (admin, sales_manager); honours If-Match.',
      tag: 'leads',
      access: { roles: ['admin', 'sales_manager'] },
      params: idParams,
      status: 204,
    }),
    recordLeadEvent: defineOperation({
      method: 'POST',
      path: '/v1/leads/{id}/events',
      summary: 'Record behaviour (page_view, whitepaper_download, demo_request, email_click …) and rescore.',
      tag: 'leads',
      access: { roles: RECORD_WRITERS },
      params: idParams,
      body: behaviourBody,
      response: behaviourResultSchema,
      status: 201,
      idempotent: true,
      attempts: LEAD_ATTEMPTS,
    }),
    getLeadScoreHistory: defineOperation({
      method: 'GET',
      path: '/v1/leads/{id}/score-history',
      summary: 'Why a lead has its score: every change with points, rule, reason and the score after it.',
      tag: 'leads',
      access: { roles: READERS },
      params: idParams,
      query: scoreHistoryQuery,
      response: scoreHistoryPage,
      status: 200,
    }),
    convertLead: defineOperation({
      method: 'POST',
      path: '/v1/leads/{id}/convert',
      summary:
        'Convert a lead: match or create contact and account, create the opportunity, atomically; converting again returns the first result.',
      tag: 'leads',
      access: { roles: ['admin', 'sales', 'sales_manager'] },
      params: idParams,
      body: convertLeadBody,
      response: conversionSchema,
      status: 200,
      idempotent: true,
      attempts: 3,
    }),
    assignLead: defineOperation({
      method: 'POST',
      path: '/v1/leads/{id}/assign',
      summary: 'Assign to the named owner, or by the lead-assignment rules (round-robin within capacity).',
      tag: 'leads',
      access: { roles: ASSIGNERS },
      params: idParams,
      body: assignBody,
      response: leadSchema,
      status: 200,
      attempts: LEAD_ATTEMPTS,
    }),
  },
});
