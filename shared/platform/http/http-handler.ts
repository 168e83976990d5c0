import { setTimeout as sleep } from 'node:timers/promises';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { UnitOfWork } from '../db/unit-of-work.ts';
import { env } from '../env.ts';
import { AppError, isAppError } from '../errors.ts';
import type { Actor } from '../events/event.ts';
import { logger } from '../logger.ts';
import {
  findPreviousAnswer,
  type IdempotencyClaim,
  IdempotentReplay,
  idempotencyClaim,
  recordIdempotentResponse,
} from './idempotency.ts';
import { type FeatureApi, type Operation, routeKey } from './operation.ts';
import { actorOf, type Principal, principalOf, requireRole } from './principal.ts';
import { internalErrorResponse, problemResponse } from './problem.ts';
import { enforceRateLimit } from './rate-limit.ts';
import { header, parseIfMatch, parseWith, readJsonBody } from './request.ts';

type Infer<S> = S extends z.ZodType ? z.infer<S> : Record<string, never>;

/** What an operation's implementation receives: validated input and the unit of work to write into. */
export type HttpRequest<O extends Operation> = {
  params: Infer<O['params']>;
  query: Infer<O['query']>;
  body: Infer<O['body']>;
  principal: O['access'] extends { public: true } ? Principal | undefined : Principal;
  actor: Actor;
  /** The version named by `If-Match`, if any. */
  ifMatch: number | undefined;
  /** The request headers, lower-cased names (e.g. `origin` for public form submissions). */
  headers: Readonly<Record<string, string | undefined>>;
  /** The client's address as the gateway saw it (rate limits, consent proof); never log or publish it. */
  sourceIp: string | undefined;
  /** The body exactly as received (UTF-8 text), for signatures computed over the raw bytes. */
  rawBody: string;
  /** Writes go here; the handler commits them in one transaction after the implementation returns. */
  uow: UnitOfWork;
};

export type HttpResult = {
  /** JSON body; or a string sent as is when `headers['content-type']` says what it is (e.g. HTML). */
  body?: unknown;
  /** The record's version, sent as `ETag`. */
  version?: number;
  headers?: Record<string, string>;
};

export type Implementations<Ops extends Record<string, Operation>> = {
  [K in keyof Ops]: (request: HttpRequest<Ops[K]>) => Promise<HttpResult>;
};

/** A write refused by a concurrent change that a fresh attempt may win (409 with Retry-After). */
const isLostRace = (error: unknown): boolean =>
  isAppError(error) && error.status === 409 && error.headers['retry-after'] !== undefined;

const success = (operation: Operation, result: HttpResult): APIGatewayProxyStructuredResultV2 => {
  const raw = typeof result.body === 'string' && result.headers?.['content-type'] !== undefined;
  return {
    statusCode: operation.status,
    headers: {
      ...(result.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(result.version === undefined ? {} : { etag: `"${result.version}"` }),
      ...result.headers,
    },
    body: result.body === undefined ? '' : raw ? (result.body as string) : JSON.stringify(result.body),
  };
};

/**
 * Turns a feature's operations and implementations into one API Gateway v2 handler: authentication,
 * roles, rate limits, body and schema checks, idempotency, the transaction commit and the mapping
 * of every error to problem+json happen here and nowhere else.
 */
export const createHttpHandler = <Ops extends Record<string, Operation>>(
  api: FeatureApi<Ops>,
  implementations: Implementations<Ops>,
  options: {
    /** The error for a route key this function does not serve (the `$default` route on AWS). */
    unmatched?: (event: APIGatewayProxyEventV2) => AppError;
  } = {},
) => {
  const routes = new Map<string, { id: string; operation: Operation }>(
    Object.entries(api.operations).map(([id, operation]) => [routeKey(operation), { id, operation }]),
  );

  const run = async (event: APIGatewayProxyEventV2, id: string, operation: Operation) => {
    const principal = principalOf(event);
    if ('roles' in operation.access) requireRole(principal, operation.access.roles);
    else if (operation.access.rateLimited) {
      // Per client and resource: one busy form (or office network) does not block the others.
      await enforceRateLimit(
        event.requestContext.http.sourceIp,
        `${id}#${event.rawPath}`,
        env.publicRateLimitPerMinute,
      );
    }

    const rawBody = readJsonBody(event, operation, env.maxBodyBytes);
    const params = operation.params ? parseWith(operation.params, event.pathParameters ?? {}, 'params') : {};
    const query = operation.query
      ? parseWith(operation.query, event.queryStringParameters ?? {}, 'query')
      : {};
    const body = operation.body ? parseWith(operation.body, rawBody, '') : undefined;
    const ifMatch = parseIfMatch(header(event, 'if-match'));

    const idempotencyKey = operation.idempotent ? header(event, 'idempotency-key') : undefined;
    const claim: IdempotencyClaim | undefined =
      idempotencyKey === undefined
        ? undefined
        : idempotencyClaim(
            idempotencyKey,
            { callerId: principal?.sub ?? 'public', operationId: id },
            { params, body },
          );

    for (let attempt = 1; ; attempt += 1) {
      const uow = new UnitOfWork(actorOf(principal));
      try {
        const implementation = implementations[id as keyof Ops] as (request: unknown) => Promise<HttpResult>;
        const headers = event.headers ?? {};
        const result = await implementation({
          params,
          query,
          body,
          principal,
          actor: uow.actor,
          ifMatch,
          headers,
          sourceIp: event.requestContext?.http?.sourceIp,
          rawBody: event.isBase64Encoded
            ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
            : (event.body ?? ''),
          uow,
        });
        const response = success(operation, result);
        if (claim) {
          recordIdempotentResponse(uow, claim, {
            statusCode: response.statusCode ?? operation.status,
            headers: (response.headers ?? {}) as Record<string, string>,
            body: typeof response.body === 'string' ? response.body : '',
          });
        }
        await uow.commit();
        return response;
      } catch (error) {
        // A retry whose first attempt already committed (maybe in a process that then crashed) replays.
        if (claim && !(error instanceof IdempotentReplay)) {
          const previous = await findPreviousAnswer(claim);
          if (previous) throw previous;
        }
        if (attempt < (operation.attempts ?? 1) && isLostRace(error)) {
          await sleep(5 + Math.floor(Math.random() * 15 * Math.min(attempt, 6)));
          continue;
        }
        throw error;
      }
    }
  };

  const handle = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = routes.get(event.routeKey);
    const instance = event.rawPath;
    try {
      if (!route)
        throw options.unmatched?.(event) ?? new AppError('not-found', `No route ${event.routeKey}.`);
      return await run(event, route.id, route.operation);
    } catch (error) {
      if (error instanceof IdempotentReplay) return error.response;
      if (isAppError(error)) return problemResponse(error, instance);
      logger.error('Unhandled error', { routeKey: event.routeKey, error: error as Error });
      return internalErrorResponse(instance);
    }
  };

  return {
    /** The plain function, for tests and the local server without middleware. */
    handle,
    /** The Lambda entry point. */
    handler: middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>(handle).use(
      injectLambdaContext(logger, { resetKeys: true }),
    ),
  };
};
