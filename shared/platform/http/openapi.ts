import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import type { FeatureApi, Operation } from './operation.ts';

const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The error answers an operation can give, derived from what it accepts. */
const problemsOf = (operation: Operation) => ({
  400: problem('Invalid input: malformed JSON, unknown fields or values that do not match the schema.'),
  ...('roles' in operation.access
    ? {
        401: problem('No valid bearer token.'),
        403: problem(`Needs one of: ${operation.access.roles.join(', ')}.`),
      }
    : { 429: problem('Too many requests from this client; see Retry-After.') }),
  ...(operation.params ? { 404: problem('No such record.') } : {}),
  ...(operation.method === 'PATCH' || operation.method === 'PUT' || operation.method === 'DELETE'
    ? { 412: problem('If-Match names a version that is no longer current.') }
    : {}),
  ...(operation.body
    ? {
        413: problem('Body too large.'),
        415: problem('Body is not application/json.'),
        409: problem('Conflicts with existing data.'),
      }
    : {}),
  ...(operation.idempotent ? { 422: problem('Idempotency-Key reused with another request.') } : {}),
});

const headersOf = (operation: Operation) => {
  const headers: Record<string, z.ZodType> = {};
  if (operation.idempotent) headers['idempotency-key'] = z.string().max(255).optional();
  if (operation.method === 'PATCH' || operation.method === 'PUT' || operation.method === 'DELETE') {
    headers['if-match'] = z.string().optional();
  }
  return Object.keys(headers).length ? z.object(headers) : undefined;
};

/** Builds the OpenAPI 3.1 document from the same operation objects and zod schemas the handlers use. */
export const buildOpenApiDocument = (
  apis: readonly FeatureApi[],
  info: { version: string; serverUrl?: string },
) => {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  for (const api of apis) {
    for (const [operationId, operation] of Object.entries(api.operations)) {
      const headers = headersOf(operation);
      registry.registerPath({
        operationId,
        method: operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
        path: operation.path,
        summary: operation.summary,
        tags: [operation.tag],
        security: 'roles' in operation.access ? [{ bearer: [] }] : [],
        request: {
          ...(operation.params ? { params: operation.params } : {}),
          ...(operation.query ? { query: operation.query } : {}),
          ...(headers ? { headers } : {}),
          ...(operation.body
            ? { body: { content: { 'application/json': { schema: operation.body } }, required: true } }
            : {}),
        },
        responses: {
          [operation.status]: {
            description: 'Success',
            ...(operation.response
              ? { content: { 'application/json': { schema: operation.response } } }
              : {}),
          },
          ...problemsOf(operation),
        },
      });
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Front Office API',
      version: info.version,
      description:
        'Operational CRM: accounts, contacts, activities and the 360° view. Errors are RFC 9457 problem+json.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
  });
};
