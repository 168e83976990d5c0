import * as z from 'zod';
import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';

/** Operations that are not a business resource: liveness and the API description. */
export const systemApi = defineFeatureApi({
  functionName: 'system',
  operations: {
    health: defineOperation({
      method: 'GET',
      path: '/health',
      summary: 'Liveness: 200 when the API answers.',
      tag: 'system',
      access: { public: true, rateLimited: false },
      response: z.strictObject({ status: z.literal('ok') }),
      status: 200,
    }),
    openApi: defineOperation({
      method: 'GET',
      path: '/openapi.json',
      summary: 'The OpenAPI 3.1 document of this API, generated from the zod schemas.',
      tag: 'system',
      access: { public: true, rateLimited: false },
      response: z.record(z.string(), z.unknown()),
      status: 200,
    }),
  },
});
