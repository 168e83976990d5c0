import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiCatalog } from '#shared/api-catalog.ts';
import { routeKey } from '#shared/platform/http/operation.ts';
import { matchRoute } from '#shared/platform/http/route-match.ts';
import type { Role } from '#shared/platform/roles.ts';

type Handle = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** The plain `handle` of `functions/<name>/<name>.handler.ts`, loaded once per test file. */
const handleOf = async (functionName: string): Promise<Handle> => {
  const module = (await import(`../../functions/${functionName}/${functionName}.handler.ts`)) as {
    handle: Handle;
  };
  return module.handle;
};

export type Call = {
  body?: unknown;
  /** A raw body string, sent as is (malformed JSON, huge bodies). */
  rawBody?: string;
  /** The caller's role; `null` sends no token. Default: admin. */
  role?: Role | null;
  sub?: string;
  headers?: Record<string, string>;
};

// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies of many shapes
export type Answer = { status: number; headers: Record<string, string>; json: any };

/** The API Gateway v2 event the gateway sends for a request, after its JWT authorizer. */
export const apiEvent = (method: string, url: string, call: Call = {}) => {
  const [path = '/', rawQuery = ''] = url.split('?');
  const { match } = matchRoute(apiCatalog, method, path);
  const role = call.role === undefined ? 'admin' : call.role;
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const event = {
    version: '2.0',
    routeKey: match ? routeKey(match.operation) : '$default',
    rawPath: path,
    rawQueryString: rawQuery,
    headers: { 'content-type': 'application/json', ...call.headers },
    queryStringParameters: rawQuery ? Object.fromEntries(new URLSearchParams(rawQuery)) : undefined,
    pathParameters: match?.pathParameters,
    body,
    isBase64Encoded: false,
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      routeKey: match ? routeKey(match.operation) : '$default',
      requestId: 'test',
      ...(role
        ? {
            authorizer: {
              jwt: { claims: { sub: call.sub ?? `user-${role}`, 'cognito:groups': `[${role}]` }, scopes: [] },
            },
          }
        : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
  return { event, functionName: match?.api.functionName ?? 'system' };
};

export const answerOf = (result: APIGatewayProxyStructuredResultV2): Answer => {
  const text = typeof result.body === 'string' ? result.body : '';
  return {
    status: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    json: text ? JSON.parse(text) : undefined,
  };
};

/**
 * Calls the Lambda handlers in-process with the API Gateway v2 event the gateway would send after
 * its JWT authorizer: the unit under test is the handler, not the HTTP transport.
 */
export const invoke = async (method: string, url: string, call: Call = {}): Promise<Answer> => {
  const { event, functionName } = apiEvent(method, url, call);
  const handle = await handleOf(functionName);
  return answerOf(await handle(event));
};
