import { erpCallbacksApi } from '#shared/erp/erp-callback.api.ts';
import { receiveErpCallback } from '#shared/erp/erp-callback.service.ts';
import { ERP_SIGNATURE_HEADER } from '#shared/erp/erp-signature.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for POST /v1/public/erp/callbacks. */
export const { handle, handler } = createHttpHandler(erpCallbacksApi, {
  receiveErpCallback: async ({ body, rawBody, headers, uow }) => ({
    body: await receiveErpCallback({ body, rawBody, signature: headers[ERP_SIGNATURE_HEADER] }, uow),
  }),
});
