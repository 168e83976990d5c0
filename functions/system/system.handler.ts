import { apiCatalog } from '#shared/api-catalog.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { buildOpenApiDocument } from '#shared/platform/http/openapi.ts';
import { unmatchedRoute } from '#shared/platform/http/unmatched-route.ts';
import { systemApi } from '#shared/system/system.api.ts';

let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;

/** Lambda entry for /health, /openapi.json and every request no other route takes (404/405). */
export const { handle, handler } = createHttpHandler(
  systemApi,
  {
    health: async () => ({ body: { status: 'ok' } }),
    openApi: async () => {
      // Built on first use: most invocations of this function are health checks.
      openApiDocument ??= buildOpenApiDocument(apiCatalog, { version: '1.0.0' });
      return { body: openApiDocument };
    },
  },
  { unmatched: (event) => unmatchedRoute(event, apiCatalog) },
);
