import { describe, expect, it } from 'vitest';
import { encodeBody, gatewayTime, toApiGatewayEvent } from '#local/http/api-gateway-event.ts';
import { compileRoutes } from '#local/http/routes.ts';
import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';

const op = (method: 'GET' | 'POST', path: string, isPublic = false) =>
  defineOperation({
    method,
    path,
    summary: path,
    tag: 't',
    access: isPublic ? { public: true, rateLimited: true } : { roles: ['admin'] },
    status: 200,
  });

const catalog = [
  defineFeatureApi({
    functionName: 'things',
    operations: {
      list: op('GET', '/v1/things'),
      get: op('GET', '/v1/things/{id}'),
      search: op('GET', '/v1/things/search'),
      nested: op('POST', '/v1/things/{id}/parts/{partId}'),
    },
  }),
];

describe('route matching from the API catalog', () => {
  const match = compileRoutes(catalog);

  it('fills path parameters and the API Gateway route key', () => {
    expect(match('POST', '/v1/things/01ABC/parts/M%C3%BCller')).toMatchObject({
      functionName: 'things',
      routeKey: 'POST /v1/things/{id}/parts/{partId}',
      pathParameters: { id: '01ABC', partId: 'Müller' },
    });
  });

  it('prefers literal segments over parameters', () => {
    expect(match('GET', '/v1/things/search').routeKey).toBe('GET /v1/things/search');
    expect(match('GET', '/v1/things/42').routeKey).toBe('GET /v1/things/{id}');
  });

  it('sends unknown paths and methods to the system function as $default', () => {
    for (const [method, path] of [
      ['GET', '/v1/nothing'],
      ['DELETE', '/v1/things'],
      ['GET', '/v1/things/42/extra'],
    ] as const) {
      expect(match(method, path)).toEqual({
        functionName: 'system',
        routeKey: '$default',
        pathParameters: undefined,
        operation: undefined,
      });
    }
  });
});

describe('API Gateway v2 event', () => {
  const now = new Date('2026-03-12T19:03:58.123Z');

  it('has the payload format 2.0 shape', () => {
    const event = toApiGatewayEvent(
      {
        method: 'post',
        url: '/v1/things/7?tag=a&tag=b&q=M%C3%BC',
        httpVersion: '1.1',
        headers: {
          host: 'localhost:3000',
          'content-type': 'application/json',
          'user-agent': 'vitest',
          'x-multi': ['1', '2'],
          cookie: 'a=1; b=2',
        },
        body: Buffer.from('{"name":"Müller"}'),
        sourceIp: '127.0.0.1',
      },
      { routeKey: 'POST /v1/things/{id}', pathParameters: { id: '7' } },
      { claims: { sub: 'u1', 'cognito:groups': ['admin'], scope: 'frontoffice/api' }, now, requestId: 'r1' },
    );

    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /v1/things/{id}',
      rawPath: '/v1/things/7',
      rawQueryString: 'tag=a&tag=b&q=M%C3%BC',
      cookies: ['a=1', 'b=2'],
      headers: {
        host: 'localhost:3000',
        'content-type': 'application/json',
        'user-agent': 'vitest',
        'x-multi': '1,2',
      },
      queryStringParameters: { tag: 'a,b', q: 'Mü' },
      pathParameters: { id: '7' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost:3000',
        domainPrefix: 'localhost:3000',
        http: {
          method: 'POST',
          path: '/v1/things/7',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'vitest',
        },
        requestId: 'r1',
        routeKey: 'POST /v1/things/{id}',
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: now.getTime(),
        authorizer: {
          jwt: {
            claims: { sub: 'u1', 'cognito:groups': ['admin'], scope: 'frontoffice/api' },
            scopes: ['frontoffice/api'],
          },
        },
      },
      body: '{"name":"Müller"}',
      isBase64Encoded: false,
    });
  });

  it('leaves out what the request does not have', () => {
    const event = toApiGatewayEvent(
      {
        method: 'GET',
        url: '/health',
        httpVersion: '1.1',
        headers: {},
        body: Buffer.alloc(0),
        sourceIp: '::1',
      },
      { routeKey: '$default', pathParameters: undefined },
    );
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.requestContext).not.toHaveProperty('authorizer');
    expect(event.rawQueryString).toBe('');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('base64-encodes binary bodies and keeps text as UTF-8', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff]);
    expect(encodeBody(png, 'image/png')).toEqual({ body: png.toString('base64'), isBase64Encoded: true });
    expect(encodeBody(Buffer.from([0xff, 0xfe]), 'text/plain')).toEqual({
      body: '//4=',
      isBase64Encoded: true,
    });
    expect(encodeBody(Buffer.from('a,b'), 'text/csv; charset=utf-8')).toEqual({
      body: 'a,b',
      isBase64Encoded: false,
    });
    expect(encodeBody(Buffer.from('{}'), 'application/problem+json')).toEqual({
      body: '{}',
      isBase64Encoded: false,
    });
  });

  it('formats the time as API Gateway does', () => {
    expect(gatewayTime(new Date('2026-01-02T03:04:05Z'))).toBe('02/Jan/2026:03:04:05 +0000');
  });
});
