import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { invoke } from '../support/invoke.ts';

const eventFor = (routeKey: string, sourceIp: string) =>
  ({
    version: '2.0',
    routeKey,
    rawPath: routeKey.split(' ')[1],
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method: routeKey.split(' ')[0], path: routeKey.split(' ')[1], sourceIp } },
  }) as never;

describe('HTTP platform', () => {
  it('serves an OpenAPI 3.1 document generated from the zod schemas of every operation', async () => {
    const answer = await invoke('GET', '/openapi.json', { role: null });
    expect(answer.status).toBe(200);
    expect(answer.json.openapi).toBe('3.1.0');
    expect(Object.keys(answer.json.paths)).toEqual(
      expect.arrayContaining(['/v1/contacts', '/v1/contacts/{id}/360']),
    );
    const create = answer.json.paths['/v1/contacts'].post;
    expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(create.responses['409'].content['application/problem+json']).toBeDefined();
    const validator = new Validator();
    const result = await validator.validate(answer.json);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('rate-limits public business routes per client and answers 429 with Retry-After', async () => {
    process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = '3';
    vi.resetModules();
    const { createHttpHandler: freshHandler } = await import('#shared/platform/http/http-handler.ts');
    delete process.env.PUBLIC_RATE_LIMIT_PER_MINUTE;
    const api = defineFeatureApi({
      functionName: 'forms',
      operations: {
        submit: defineOperation({
          method: 'GET',
          path: '/v1/public/ping',
          summary: 'a public business route',
          tag: 'test',
          access: { public: true, rateLimited: true },
          status: 204,
        }),
      },
    });
    const { handle } = freshHandler(api, { submit: async () => ({}) });
    // A fixed clock keeps all calls in one minute window; the next minute starts a fresh count.
    const { setClock } = await import('#shared/platform/clock.ts');
    let now = new Date('2026-11-23T10:00:05Z');
    setClock({ now: () => now });
    const statuses: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await handle(eventFor('GET /v1/public/ping', '203.0.113.7'))).statusCode);
    const limited = await handle(eventFor('GET /v1/public/ping', '203.0.113.7'));
    const otherClient = await handle(eventFor('GET /v1/public/ping', '203.0.113.8'));
    now = new Date('2026-11-23T10:01:00Z');
    const nextMinute = await handle(eventFor('GET /v1/public/ping', '203.0.113.7'));
    setClock();
    expect(statuses).toEqual([204, 204, 204, 429]);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers?.['retry-after']).toBe('55');
    expect(JSON.parse(limited.body as string)).toMatchObject({
      type: '/problems/too-many-requests',
      status: 429,
    });
    expect(otherClient.statusCode).toBe(204);
    expect(nextMinute.statusCode).toBe(204);
  });

  it('does not rate-limit infrastructure routes: a health probe costs no table write', async () => {
    const { dynamoRequests, resetDynamoRequests } = await import('#shared/platform/db/client.ts');
    resetDynamoRequests();
    const { handle } = await import('#functions/system/system.handler.ts');
    for (let i = 0; i < 5; i++)
      expect((await handle(eventFor('GET /health', '203.0.113.9'))).statusCode).toBe(200);
    expect(dynamoRequests()).toEqual({});
  });

  it('answers an unexpected failure with a generic 500 that reveals no internals', async () => {
    const api = defineFeatureApi({
      functionName: 'broken',
      operations: {
        explode: defineOperation({
          method: 'GET',
          path: '/v1/broken',
          summary: 'fails',
          tag: 'test',
          access: { roles: ['admin'] },
          response: z.object({}),
          status: 200,
        }),
      },
    });
    const { handle } = createHttpHandler(api, {
      explode: async () => {
        throw new Error('secret table name frontoffice-prod in stack trace');
      },
    });
    const event = {
      ...(eventFor('GET /v1/broken', '127.0.0.1') as object),
      requestContext: {
        http: { method: 'GET', path: '/v1/broken', sourceIp: '127.0.0.1' },
        authorizer: { jwt: { claims: { sub: 'u', 'cognito:groups': '[admin]' } } },
      },
    } as never;
    const answer = await handle(event);
    expect(answer.statusCode).toBe(500);
    expect(answer.body).not.toMatch(/secret|stack|frontoffice-prod/);
    expect(JSON.parse(answer.body as string)).toMatchObject({ status: 500, type: '/problems/internal' });
  });

  it('replays an idempotent create after the process that committed it went away', async () => {
    const body = { firstName: 'Anna', lastName: 'Schmidt', email: `anna.${Date.now()}@beispiel.de` };
    const headers = { 'idempotency-key': `crash-${Date.now()}` };
    const first = await invoke('POST', '/v1/contacts', { body, headers });
    // A new process: fresh modules, nothing cached in memory; only the table remembers.
    vi.resetModules();
    const fresh = await import('../support/invoke.ts');
    const retry = await fresh.invoke('POST', '/v1/contacts', { body, headers });
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
  });

  it('creates one contact when the same Idempotency-Key races itself', async () => {
    const body = {
      firstName: 'Liam',
      lastName: 'Walsh',
      email: `liam.${Date.now()}@example.com`,
      language: 'en',
    };
    const headers = { 'idempotency-key': `race-${Date.now()}` };
    const answers = await Promise.all([1, 2, 3].map(() => invoke('POST', '/v1/contacts', { body, headers })));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.json.id)).size).toBe(1);
  });
});
