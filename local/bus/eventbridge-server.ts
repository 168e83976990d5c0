import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logger } from '#shared/platform/logger.ts';
import { readSmallBody } from '../read-body.ts';
import { type BusEntry, createLocalBus, type LocalBus, type LocalBusOptions } from './bus.ts';

export type BusEmulator = {
  /** Set `EVENTBRIDGE_ENDPOINT` to this before the publisher's modules load. */
  endpoint: string;
  bus: LocalBus;
  stop: () => Promise<void>;
};

const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** PutEvents takes at most 10 entries and 256 KB per request. */
const MAX_ENTRIES = 10;
const MAX_BODY_BYTES = 256 * 1024;

type WireEntry = Omit<BusEntry, 'Time'> & { Time?: number | string };

const answer = (response: ServerResponse, status: number, body: unknown, errorType?: string): void => {
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(JSON.stringify(body));
};

const fail = (response: ServerResponse, status: number, type: string, message: string): void =>
  answer(response, status, { __type: type, message }, type);

const readBody = (request: IncomingMessage): Promise<string | undefined> =>
  readSmallBody(request, MAX_BODY_BYTES);

/** awsJson1_1 sends timestamps as epoch seconds. */
const toEntry = ({ Time, ...rest }: WireEntry): BusEntry => ({
  ...rest,
  ...(Time === undefined ? {} : { Time: new Date(typeof Time === 'number' ? Time * 1000 : Time) }),
});

/**
 * Local-only admin routes, so CLI commands reach the running instance's queues:
 * `GET /_local/queues` (depth, in flight, DLQ depth) and `POST /_local/queues/{name}/redrive`.
 */
const handleAdmin = (bus: LocalBus, request: IncomingMessage, response: ServerResponse): void => {
  const path = new URL(request.url ?? '/', 'http://bus').pathname;
  const redrive = /^\/_local\/queues\/([a-z0-9-]+)\/redrive$/.exec(path);
  const queue = redrive?.[1] ? bus.queue(redrive[1]) : undefined;
  let status = 200;
  let body: unknown;
  if (request.method === 'GET' && path === '/_local/queues') {
    body = {
      queues: bus.queues().map((each) => ({
        name: each.name,
        depth: each.depth(),
        inFlight: each.inFlight(),
        dlqDepth: each.dlqDepth(),
      })),
    };
  } else if (request.method === 'POST' && queue) {
    body = { queue: queue.name, moved: queue.redrive() };
  } else {
    status = 404;
    body = { message: redrive ? `No queue ${redrive[1]}.` : `No route ${request.method} ${path}.` };
  }
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * Enough of EventBridge's JSON wire protocol (`X-Amz-Target: AWSEvents.PutEvents`) for the real
 * `@aws-sdk/client-eventbridge` client to publish to the local bus unchanged.
 */
const handle = async (bus: LocalBus, request: IncomingMessage, response: ServerResponse): Promise<void> => {
  if (request.url?.startsWith('/_local/')) {
    handleAdmin(bus, request, response);
    return;
  }
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
    return fail(response, 400, 'UnknownOperationException', `Unsupported operation: ${String(target)}`);
  }
  const raw = await readBody(request);
  if (raw === undefined) return fail(response, 413, 'ValidationException', 'Request too large.');
  let input: { Entries?: WireEntry[] };
  try {
    input = JSON.parse(raw) as { Entries?: WireEntry[] };
  } catch {
    return fail(response, 400, 'SerializationException', 'Body is not JSON.');
  }
  const entries = input.Entries;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
    return fail(response, 400, 'ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} items.`);
  }
  const results = bus.put(entries.map(toEntry));
  const failed = results.filter((result) => 'ErrorCode' in result).length;
  answer(response, 200, { FailedEntryCount: failed, Entries: results });
};

/** Starts the local bus and its HTTP endpoint (port 0: one the OS picks). */
export const startBusEmulator = async (
  options: LocalBusOptions & { port?: number; host?: string } = {},
): Promise<BusEmulator> => {
  const bus = await createLocalBus(options);
  const server = createServer((request, response) => {
    handle(bus, request, response).catch((error: unknown) => {
      logger.error('Bus emulator failed a request', { error: error as Error });
      if (!response.headersSent) fail(response, 500, 'InternalException', 'Internal error.');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  bus.start();
  return {
    endpoint: `http://${host}:${port}`,
    bus,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Clients keep connections alive; close them so `close` does not wait for their idle timeout.
      server.closeAllConnections();
      await closed;
      await bus.stop();
    },
  };
};
