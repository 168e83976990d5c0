import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyResultV2, Context } from 'aws-lambda';
import { AppError } from '#shared/platform/errors.ts';
import type { FeatureApi } from '#shared/platform/http/operation.ts';
import { internalErrorResponse, PROBLEM_CONTENT_TYPE, problemOf } from '#shared/platform/http/problem.ts';
import type { TokenVerifier } from '../auth/dev-jwt.ts';
import { lambdaContext } from '../lambda-context.ts';
import { type RunningServer, runningServer } from '../running-server.ts';
import { toApiGatewayEvent } from './api-gateway-event.ts';
import { compileRoutes, type RouteMatch } from './routes.ts';

/** API Gateway's integration timeout: an HTTP API waits at most 30 s for Lambda. */
const API_GATEWAY_TIMEOUT_MS = 29_000;

/** A Lambda handler as `functions/<name>/<name>.handler.ts` exports it. */
export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

/** The readiness of the local stack, answered at `GET /health` by the server itself. */
export type HealthReport = { ready: boolean; parts: Record<string, string> };

export type HttpServerOptions = {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The features whose routes the server serves (normally `apiCatalog`). */
  catalog: readonly FeatureApi[];
  /** Checks bearer tokens for every non-public route, as the HTTP API's JWT authorizer does. */
  verifyToken: TokenVerifier;
  /** Default: imports `functions/<name>/<name>.handler.ts` and takes its `handler` export. */
  loadHandler?: (functionName: string) => Promise<LambdaHandler>;
  /** Default: `MAX_BODY_BYTES` or 1 MiB. */
  maxBodyBytes?: number;
  /** When set, `GET /health` reports these parts and other routes wait (503) until all are ready. */
  health?: () => HealthReport;
  quiet?: boolean;
  log?: (line: string) => void;
  region?: string;
};

export type RunningHttpServer = RunningServer;

/** Imports a function's handler module the way Lambda would load it. */
export const importHandler = async (functionName: string): Promise<LambdaHandler> => {
  const url = new URL(`../../functions/${functionName}/${functionName}.handler.ts`, import.meta.url);
  const module = (await import(url.href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw new Error(`functions/${functionName}/${functionName}.handler.ts does not export a handler`);
  }
  return module.handler as LambdaHandler;
};

const maxBodyFromEnv = (): number => {
  const parsed = Number.parseInt(process.env.MAX_BODY_BYTES ?? '', 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 1024 * 1024;
};

type Reply = { status: number; headers: Record<string, string | string[]>; body: Buffer };

const problemReply = (error: AppError, instance: string): Reply => ({
  status: error.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...error.headers },
  body: Buffer.from(JSON.stringify(problemOf(error, instance))),
});

const jsonReply = (status: number, value: unknown, contentType = 'application/json'): Reply => ({
  status,
  headers: { 'content-type': contentType },
  body: Buffer.from(JSON.stringify(value)),
});

/** Maps a Lambda result to HTTP the way API Gateway does for payload format 2.0. */
export const toReply = (result: APIGatewayProxyResultV2 | unknown): Reply => {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    // A result without statusCode is the body itself.
    return jsonReply(200, result ?? null);
  }
  const structured = result as {
    statusCode?: number;
    headers?: Record<string, string | number | boolean>;
    body?: string;
    isBase64Encoded?: boolean;
    cookies?: string[];
  };
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (structured.cookies && structured.cookies.length > 0) headers['set-cookie'] = structured.cookies;
  const raw = structured.body ?? '';
  return {
    status: structured.statusCode ?? 200,
    headers,
    body: structured.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8'),
  };
};

type BodyResult = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'aborted'; bytes: number };

/** Reads the body, but stops at the limit without buffering (or waiting for) the rest. */
const readBody = (request: IncomingMessage, maxBytes: number): Promise<BodyResult> =>
  new Promise((resolve) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      resolve({ ok: false, reason: 'too-large', bytes: declared });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        cleanup();
        request.pause();
        resolve({ ok: false, reason: 'too-large', bytes: size });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve({ ok: true, body: Buffer.concat(chunks) });
    };
    const onAbort = () => {
      cleanup();
      resolve({ ok: false, reason: 'aborted', bytes: size });
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onAbort);
      request.off('aborted', onAbort);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onAbort);
    request.on('aborted', onAbort);
  });

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
};

const pathOf = (url: string): string => {
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
};

/**
 * The local API Gateway: a `node:http` server that routes by the API catalog, verifies JWTs for
 * non-public routes, builds API Gateway v2 events and calls the very handler modules Lambda runs.
 */
export const startHttpServer = async (options: HttpServerOptions): Promise<RunningHttpServer> => {
  const matchRoute = compileRoutes(options.catalog);
  const loadHandler = options.loadHandler ?? importHandler;
  const maxBodyBytes = options.maxBodyBytes ?? maxBodyFromEnv();
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-central-1';
  const handlers = new Map<string, Promise<LambdaHandler>>();

  const handlerOf = (functionName: string): Promise<LambdaHandler> => {
    let loading = handlers.get(functionName);
    if (!loading) {
      loading = loadHandler(functionName);
      handlers.set(functionName, loading);
      // A module that failed to load (e.g. not written yet) is tried again on the next request.
      loading.catch(() => handlers.delete(functionName));
    }
    return loading;
  };

  const invoke = async (request: IncomingMessage, body: Buffer, route: RouteMatch): Promise<Reply> => {
    const url = request.url ?? '/';
    let claims: Record<string, unknown> | undefined;
    if (route.operation && 'roles' in route.operation.access) {
      const token = bearerToken(request.headers.authorization);
      const check = token
        ? await options.verifyToken(token)
        : { ok: false as const, reason: 'A bearer token is required.' };
      if (!check.ok) {
        return problemReply(
          new AppError('unauthorized', check.reason, { headers: { 'www-authenticate': 'Bearer' } }),
          pathOf(url),
        );
      }
      claims = check.claims;
    }
    const requestId = randomUUID();
    const event = toApiGatewayEvent(
      {
        method: request.method ?? 'GET',
        url,
        httpVersion: request.httpVersion,
        headers: request.headers,
        body,
        sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      },
      route,
      { claims, requestId },
    );
    let handler: LambdaHandler;
    try {
      handler = await handlerOf(route.functionName);
    } catch (error) {
      log(`functions/${route.functionName} could not be loaded: ${(error as Error).message}`);
      return toReply(internalErrorResponse(pathOf(url)));
    }
    try {
      return toReply(
        await handler(
          event as never,
          lambdaContext(route.functionName, { requestId, region, timeoutMs: API_GATEWAY_TIMEOUT_MS }),
        ),
      );
    } catch (error) {
      // Lambda reports an unhandled error; API Gateway turns it into a 500.
      log(`functions/${route.functionName} failed: ${(error as Error)?.message ?? String(error)}`);
      return toReply(internalErrorResponse(pathOf(url)));
    }
  };

  const respond = (response: ServerResponse, reply: Reply, close = false) => {
    const headers: Record<string, string | string[]> = {
      ...reply.headers,
      'content-length': String(reply.body.byteLength),
    };
    if (close) headers.connection = 'close';
    response.writeHead(reply.status, headers);
    response.end(reply.body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const started = performance.now();
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const path = pathOf(url);
    let reply: Reply;
    let close = false;
    try {
      const health = options.health?.();
      if (health && method === 'GET' && path === '/health') {
        reply = jsonReply(health.ready ? 200 : 503, {
          status: health.ready ? 'ok' : 'starting',
          parts: health.parts,
        });
        request.resume();
      } else if (health && !health.ready) {
        request.resume();
        reply = jsonReply(
          503,
          {
            type: '/problems/unavailable',
            title: 'Service unavailable',
            status: 503,
            detail: 'The local stack is still starting; GET /health says what is missing.',
            instance: path,
          },
          PROBLEM_CONTENT_TYPE,
        );
        reply.headers['retry-after'] = '1';
      } else {
        const read = await readBody(request, maxBodyBytes);
        if (!read.ok && read.reason === 'aborted') {
          response.destroy();
          return;
        }
        if (!read.ok) {
          close = true;
          reply = problemReply(
            new AppError(
              'payload-too-large',
              `The body is larger than ${maxBodyBytes} bytes, the most this API accepts.`,
            ),
            path,
          );
        } else {
          reply = await invoke(request, read.body, matchRoute(method, path));
        }
      }
    } catch (error) {
      log(`${method} ${path} failed in the local server: ${(error as Error).message}`);
      reply = toReply(internalErrorResponse(path));
    }
    respond(response, reply, close);
    if (close) {
      // Do not read the rest of an oversized body: answer, then drop the connection.
      response.once('finish', () => setTimeout(() => request.destroy(), 50).unref());
    }
    if (!options.quiet) log(`${method} ${path} ${reply.status} ${Math.round(performance.now() - started)}ms`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return runningServer(server, host);
};
