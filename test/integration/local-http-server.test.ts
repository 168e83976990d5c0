import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier, loadOrCreateSecret, signDevToken } from '#local/auth/dev-jwt.ts';
import type { ApiGatewayEvent } from '#local/http/api-gateway-event.ts';
import { type LambdaHandler, type RunningHttpServer, startHttpServer } from '#local/http/http-server.ts';
import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';

// A fake feature whose handler echoes the event it got, so the test sees what the server built.
const catalog = [
  defineFeatureApi({
    functionName: 'echo',
    operations: {
      secret: defineOperation({
        method: 'POST',
        path: '/v1/echo/{id}',
        summary: 'echo',
        tag: 'echo',
        access: { roles: ['sales'] },
        status: 200,
      }),
      open: defineOperation({
        method: 'GET',
        path: '/v1/public/echo',
        summary: 'echo',
        tag: 'echo',
        access: { public: true, rateLimited: true },
        status: 200,
      }),
      boom: defineOperation({
        method: 'GET',
        path: '/v1/public/boom',
        summary: 'boom',
        tag: 'echo',
        access: { public: true, rateLimited: true },
        status: 200,
      }),
    },
  }),
];

const seen: ApiGatewayEvent[] = [];
const handlers: Record<string, LambdaHandler> = {
  echo: async (event: never) => {
    const e = event as ApiGatewayEvent;
    seen.push(e);
    if (e.rawPath === '/v1/public/boom') throw new Error('kaputt');
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-count': 1 },
      cookies: ['a=1; Path=/', 'b=2'],
      body: JSON.stringify({ routeKey: e.routeKey }),
    };
  },
  system: async () => ({
    statusCode: 404,
    headers: { 'content-type': 'application/problem+json' },
    body: '{}',
  }),
};

let server: RunningHttpServer;
let token: string;
const secret = loadOrCreateSecret(mkdtempSync(join(tmpdir(), 'fo-http-')));

beforeAll(async () => {
  server = await startHttpServer({
    port: 0,
    catalog,
    verifyToken: createTokenVerifier(secret),
    loadHandler: async (name) => {
      const handler = handlers[name];
      if (!handler) throw new Error(`no ${name}`);
      return handler;
    },
    maxBodyBytes: 1024,
    quiet: true,
    log: () => undefined,
  });
  token = await signDevToken(secret, { role: 'sales', sub: 'rep-1' });
});

afterAll(() => server.close());

describe('local HTTP server', () => {
  it('verifies the bearer token and passes the claims in the authorizer context', async () => {
    const response = await fetch(`${server.url}/v1/echo/42?x=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', cookie: 'c=3' },
      body: '{"a":1}',
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ routeKey: 'POST /v1/echo/{id}' });
    expect(response.headers.get('x-count')).toBe('1');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2']);
    const event = seen.at(-1);
    expect(event?.pathParameters).toEqual({ id: '42' });
    expect(event?.queryStringParameters).toEqual({ x: '1' });
    expect(event?.body).toBe('{"a":1}');
    expect(event?.cookies).toEqual(['c=3']);
    expect(event?.requestContext.authorizer?.jwt.claims).toMatchObject({
      sub: 'rep-1',
      'cognito:groups': ['sales'],
    });
  });

  it('answers 401 problem+json without a token, with a bad one and with an expired one', async () => {
    const expired = await signDevToken(secret, {
      role: 'sales',
      expiresIn: Math.floor(Date.now() / 1000) - 1,
    });
    for (const authorization of [undefined, 'Bearer nonsense', `Bearer ${expired}`, `Basic ${token}`]) {
      const before = seen.length;
      const response = await fetch(`${server.url}/v1/echo/1`, {
        method: 'POST',
        headers: authorization ? { authorization } : {},
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 });
      expect(seen.length).toBe(before);
    }
  });

  it('does not run the authorizer on public routes', async () => {
    const response = await fetch(`${server.url}/v1/public/echo`);
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.requestContext.authorizer).toBeUndefined();
  });

  it('sends unmatched requests to the system function as $default', async () => {
    const response = await fetch(`${server.url}/v1/nowhere`, { method: 'DELETE' });
    expect(response.status).toBe(404);
  });

  it('turns a handler crash into a 500 problem without details', async () => {
    const response = await fetch(`${server.url}/v1/public/boom`);
    expect(response.status).toBe(500);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ type: '/problems/internal', status: 500 });
    expect(JSON.stringify(body)).not.toContain('kaputt');
  });

  it('answers 413 to a declared oversized body before reading it', async () => {
    const response = await fetch(`${server.url}/v1/echo/1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: 'x'.repeat(4096),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
  });

  it('stops reading a chunked body at the limit and still answers 413', async () => {
    const url = new URL(`${server.url}/v1/echo/1`);
    let written = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      // Keep streaming (chunked, no content-length) until the server answers: it must not wait for the end.
      const pump = setInterval(() => {
        if (req.destroyed || written > 1024 * 1024) return clearInterval(pump);
        written += 512;
        req.write('y'.repeat(512));
      }, 1);
    });
    expect(status).toBe(413);
    expect(written).toBeLessThan(1024 * 1024);
  });
});
