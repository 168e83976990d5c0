import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { erpCallbackBody, erpCallbackResponse } from './erp-callback.schema.ts';

/** Callbacks from the ERP: public (the ERP has no user token) but HMAC-signed, timestamped and replay-protected. */
export const erpCallbacksApi = defineFeatureApi({
  functionName: 'erp-callbacks',
  operations: {
    receiveErpCallback: defineOperation({
      method: 'POST',
      path: '/v1/public/erp/callbacks',
      summary:
        'ERP callback (invoice status of an order, product price/availability). Signed: header `X-FrontOffice-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`; 401 when the signature is missing, forged or older than 5 minutes. A replayed eventId answers 200 with outcome `duplicate` and changes nothing. See docs/erp.md.',
      tag: 'erp',
      access: { public: true, rateLimited: true },
      body: erpCallbackBody,
      response: erpCallbackResponse,
      status: 200,
    }),
  },
});
