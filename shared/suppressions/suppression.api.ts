import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { READERS } from '#shared/platform/roles.ts';
import {
  addSuppressionBody,
  removeSuppressionQuery,
  suppressionQuery,
  suppressionStatusSchema,
} from './suppression.schema.ts';

/** The suppression list (PRODUCT.md 5a): addresses no marketing mail goes to, kept by hash only. */
export const suppressionsApi = defineFeatureApi({
  functionName: 'suppressions',
  operations: {
    addSuppression: defineOperation({
      method: 'POST',
      path: '/v1/suppressions',
      summary: 'Suppress an address (unsubscribe, hard_bounce, complaint, manual); stored as its SHA-256.',
      tag: 'suppressions',
      access: { roles: ['admin', 'marketing'] },
      body: addSuppressionBody,
      response: suppressionStatusSchema,
      status: 201,
      idempotent: true,
    }),
    getSuppression: defineOperation({
      method: 'GET',
      path: '/v1/suppressions',
      summary: 'Whether an address is suppressed, and why.',
      tag: 'suppressions',
      access: { roles: READERS },
      query: suppressionQuery,
      response: suppressionStatusSchema,
      status: 200,
    }),
    removeSuppression: defineOperation({
      method: 'DELETE',
      path: '/v1/suppressions',
      summary: 'Take an address off the list (admin; all reasons or one); audited by `suppression.removed`.',
      tag: 'suppressions',
      access: { roles: ['admin'] },
      query: removeSuppressionQuery,
      status: 204,
    }),
  },
});
