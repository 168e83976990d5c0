import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The event of an HTTP API JWT authorizer route; `@types/aws-lambda` has it as a separate type. */
export type ApiGatewayEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt: { claims: Record<string, unknown>; scopes: string[] | null } };
  };
};

/** What the server knows about one request once its body is read. */
export type RawRequest = {
  method: string;
  /** Path and query as sent, e.g. `/v1/contacts?limit=1`. */
  url: string;
  httpVersion: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number): string => String(value).padStart(2, '0');

/** API Gateway's `requestContext.time`: `12/Mar/2026:19:03:58 +0000`. */
export const gatewayTime = (date: Date): string =>
  `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
  `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;

const TEXT_TYPES = [
  /^text\//,
  /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql)$/,
  /^application\/[\w.+-]+\+(json|xml)$/,
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text media types travel as UTF-8; everything else (or invalid UTF-8) as base64, like API Gateway. */
export const encodeBody = (
  body: Buffer,
  contentType: string | undefined,
): { body: string | undefined; isBase64Encoded: boolean } => {
  if (body.byteLength === 0) return { body: undefined, isBase64Encoded: false };
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  const textual = mediaType === '' || TEXT_TYPES.some((pattern) => pattern.test(mediaType));
  if (textual) {
    try {
      return { body: utf8.decode(body), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: pass it on unchanged.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
};

/** Lower-cased headers with repeated values comma-joined; cookies leave for `cookies`. */
const headersOf = (headers: IncomingHttpHeaders): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'cookie') continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return result;
};

const cookiesOf = (header: string | string[] | undefined): string[] | undefined => {
  const joined = Array.isArray(header) ? header.join('; ') : header;
  const cookies = joined
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  return cookies && cookies.length > 0 ? cookies : undefined;
};

/** Repeated query parameters are comma-joined, as in payload format 2.0. */
const queryOf = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    result[key] = key in result ? `${result[key]},${value}` : value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
};

/**
 * Turns an HTTP request into the API Gateway v2 (HTTP API, payload format 2.0) event Lambda would
 * receive, with the verified JWT claims where the route has an authorizer.
 */
export const toApiGatewayEvent = (
  request: RawRequest,
  route: { routeKey: string; pathParameters: Record<string, string> | undefined },
  options: { claims?: Record<string, unknown> | undefined; now?: Date; requestId?: string } = {},
): ApiGatewayEvent => {
  const now = options.now ?? new Date();
  const queryStart = request.url.indexOf('?');
  const rawPath = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
  const rawQueryString = queryStart === -1 ? '' : request.url.slice(queryStart + 1);
  const headers = headersOf(request.headers);
  const { body, isBase64Encoded } = encodeBody(request.body, headers['content-type']);
  const cookies = cookiesOf(request.headers.cookie);
  const queryStringParameters = queryOf(rawQueryString);
  const domainName = headers.host ?? 'localhost';
  const scope = options.claims?.scope;

  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(route.pathParameters ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: options.requestId ?? randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: gatewayTime(now),
      timeEpoch: now.getTime(),
      ...(options.claims
        ? {
            authorizer: {
              jwt: {
                claims: options.claims,
                scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : null,
              },
            },
          }
        : {}),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded,
  };
};
