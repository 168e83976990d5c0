import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import * as z from 'zod';
import { sesEventsRoute } from '#shared/engagement/ses-events.route.ts';
import { type Clock, clock as systemClock } from '#shared/platform/clock.ts';
import { logger } from '#shared/platform/logger.ts';
import { loadConsumer, type QueueConsumer } from '../bus/consumers.ts';
import { createQueue, type LocalQueue } from '../bus/queue.ts';
import { readSmallBody } from '../read-body.ts';
import { type RunningServer, runningServer } from '../running-server.ts';
import {
  carriesMailRef,
  type EmulatedSesEvent,
  emulateSesEvent,
  fetchStoredMails,
  MailNotFound,
  type SesEventRequest,
  sesBusEventOf,
} from './ses-event-builder.ts';

/** Where the poller got to: mails stored at or after `since` (epoch seconds) that it already handled. */
const checkpointSchema = z.strictObject({ since: z.number().int().min(0), seen: z.array(z.string()) });
type Checkpoint = z.infer<typeof checkpointSchema>;

export const CHECKPOINT_FILE = 'ses-events-checkpoint.json';
/** Where `frontoffice ses-event` finds the running emulator's endpoint (removed on stop). */
export const ENDPOINT_FILE = 'ses-events.json';

const readCheckpoint = (file: string | undefined): Checkpoint => {
  if (!file) return { since: 0, seen: [] };
  try {
    return checkpointSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { since: 0, seen: [] };
  }
};

const writeCheckpoint = (file: string | undefined, checkpoint: Checkpoint): void => {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${file}.tmp`, file);
};

export type SesEventsEmulatorOptions = {
  /** aws-ses-v2-local's base URL. */
  sesUrl: string;
  /** Keeps the checkpoint in `<dataDir>/ses-events-checkpoint.json`, so a restart does not replay. */
  dataDir?: string | undefined;
  /** The consumer; defaults to `functions/email-feedback`'s handler. */
  consumer?: QueueConsumer;
  clock?: Clock;
};

export type SesEventsEmulator = {
  /** The SQS emulation in front of the consumer (DLQ after maxReceiveCount, as on AWS). */
  queue: LocalQueue;
  /** Turns mails sent since the checkpoint into `Send` + `Delivery` events on the queue; returns how many mails. */
  pollOnce: () => Promise<number>;
  /** Builds the SES event of a sent mail (bounce, complaint, open, click, delivery) and queues it. */
  inject: (request: SesEventRequest) => Promise<EmulatedSesEvent>;
  /** Polls every `intervalMs` and delivers in the background. */
  start: (intervalMs?: number) => void;
  stop: () => Promise<void>;
};

/**
 * The local stand-in for SES event publishing: what SES → configuration set → default bus → rule
 * → SQS does on AWS. A poller over aws-ses-v2-local's store produces `Send` and `Delivery` for
 * every new campaign or sequence mail (those carrying `X-FrontOffice-Ref`); `inject` produces the
 * rest on demand, because nobody opens, clicks or bounces a local mail by themselves.
 */
export const createSesEventsEmulator = async (
  options: SesEventsEmulatorOptions,
): Promise<SesEventsEmulator> => {
  const clock = options.clock ?? systemClock;
  const target = sesEventsRoute.target;
  const handler = options.consumer ?? (await loadConsumer(target.consumer));
  const queue = createQueue({ ...target, handler, clock });
  const file = options.dataDir ? join(options.dataDir, CHECKPOINT_FILE) : undefined;
  let checkpoint = readCheckpoint(file);
  let polling: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const poll = async (): Promise<number> => {
    const mails = await fetchStoredMails(options.sesUrl, checkpoint.since);
    const seen = new Set(checkpoint.seen);
    const fresh = mails.filter((mail) => !seen.has(mail.messageId));
    const now = clock.now();
    let produced = 0;
    for (const mail of fresh) {
      if (!carriesMailRef(mail)) continue;
      queue.send(JSON.stringify(sesBusEventOf(mail, 'Send', { at: new Date(mail.at * 1000) })));
      queue.send(JSON.stringify(sesBusEventOf(mail, 'Delivery', { at: now })));
      produced += 1;
    }
    if (fresh.length > 0) {
      const since = Math.max(checkpoint.since, ...mails.map((mail) => mail.at));
      // Mails of the newest second may still be joined by others of the same second: keep their ids.
      checkpoint = { since, seen: mails.filter((mail) => mail.at >= since).map((mail) => mail.messageId) };
      writeCheckpoint(file, checkpoint);
    }
    return produced;
  };

  const pollOnce = (): Promise<number> => {
    polling ??= poll().finally(() => {
      polling = undefined;
    });
    return polling;
  };

  return {
    queue,
    pollOnce,
    inject: async (request) => {
      const event = await emulateSesEvent(options.sesUrl, request, clock.now());
      queue.send(JSON.stringify(event));
      return event;
    },
    start: (intervalMs = 1000) => {
      queue.start();
      timer ??= setInterval(() => {
        pollOnce().catch((error: unknown) =>
          logger.warn('Local SES events: polling the SES store failed', { error: (error as Error).message }),
        );
      }, intervalMs);
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      await polling?.catch(() => undefined);
      await queue.stop();
    },
  };
};

const answer = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

/**
 * Local-only admin routes: `POST /_local/ses/events {messageId, type, bounceType?, link?}` queues the
 * SES event of a sent mail (202 with the event id); `GET /_local/ses/events` shows the queue and its
 * DLQ; `POST /_local/ses/events/redrive` moves the DLQ back.
 */
const handle = async (
  emulator: SesEventsEmulator,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> => {
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  if (path === '/_local/ses/events/redrive' && request.method === 'POST') {
    return answer(response, 200, { queue: emulator.queue.name, moved: emulator.queue.redrive() });
  }
  if (path !== '/_local/ses/events') return answer(response, 404, { message: `No route ${path}.` });
  if (request.method === 'GET') {
    const { queue } = emulator;
    return answer(response, 200, { queue: queue.name, depth: queue.depth(), dlqDepth: queue.dlqDepth() });
  }
  if (request.method !== 'POST') return answer(response, 405, { message: 'Use POST or GET.' });
  const raw = await readSmallBody(request, 16 * 1024);
  if (raw === undefined) return answer(response, 413, { message: 'Body too large.' });
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return answer(response, 400, { message: 'The body is not JSON.' });
  }
  try {
    const event = await emulator.inject(body as SesEventRequest);
    answer(response, 202, { eventId: event.id, detailType: event['detail-type'] });
  } catch (error) {
    if (error instanceof z.ZodError) {
      return answer(response, 400, {
        message: 'Invalid request.',
        errors: error.issues.map((issue) => issue.message),
      });
    }
    if (error instanceof MailNotFound) return answer(response, 404, { message: error.message });
    throw error;
  }
};

export type RunningSesEventsEmulator = SesEventsEmulator & { server: RunningServer; url: string };

/** Starts the emulator with its admin endpoint (port 0: one the OS picks) and background polling. */
export const startSesEventsEmulator = async (
  options: SesEventsEmulatorOptions & { port?: number; host?: string; pollIntervalMs?: number },
): Promise<RunningSesEventsEmulator> => {
  const emulator = await createSesEventsEmulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    handle(emulator, request, response).catch((error: unknown) => {
      logger.error('Local SES events endpoint failed', { error: error as Error });
      if (!response.headersSent) answer(response, 500, { message: 'Internal error.' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const running = runningServer(server, host);
  emulator.start(options.pollIntervalMs);
  const endpointFile = options.dataDir ? join(options.dataDir, ENDPOINT_FILE) : undefined;
  if (endpointFile) writeFileSync(endpointFile, `${JSON.stringify({ url: running.url })}\n`, { mode: 0o600 });
  return {
    ...emulator,
    server: running,
    url: running.url,
    stop: async () => {
      if (endpointFile) rmSync(endpointFile, { force: true });
      await running.close();
      await emulator.stop();
    },
  };
};
