import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { suppressionsApi } from '#shared/suppressions/suppression.api.ts';
import {
  addSuppression,
  removeSuppression,
  suppressionStatus,
} from '#shared/suppressions/suppression.service.ts';

/** Lambda entry for /v1/suppressions. */
export const { handle, handler } = createHttpHandler(suppressionsApi, {
  addSuppression: async ({ body, uow }) => ({
    body: await addSuppression(uow, { ...body, source: 'api' }),
  }),
  getSuppression: async ({ query }) => ({
    body: await suppressionStatus(query.email),
    headers: { 'cache-control': 'no-store' },
  }),
  removeSuppression: async ({ query, uow }) => {
    await removeSuppression(uow, { ...query, source: 'api' });
    return {};
  },
});
