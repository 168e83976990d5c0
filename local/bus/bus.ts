import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { eventRoutes } from '#shared/event-routes.ts';
import { type Clock, clock as systemClock } from '#shared/platform/clock.ts';
import { env } from '#shared/platform/env.ts';
import { EVENT_SOURCE, type EventRoute, routeMatches } from '#shared/platform/events/routing.ts';
import { logger } from '#shared/platform/logger.ts';
import { type ConsumerResolver, loadConsumer } from './consumers.ts';
import { createQueue, type LocalQueue } from './queue.ts';

/** One PutEvents entry as it arrives on the wire. */
export type BusEntry = {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: Date;
  Resources?: string[];
};

export type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** The event exactly as EventBridge hands it to targets (an SQS message body is this JSON). */
export type BusEvent = {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
};

export type LocalBus = {
  /** Accepts entries as PutEvents does: one result per entry, in order. */
  put: (entries: BusEntry[]) => EntryResult[];
  /** Accepted events, oldest first (the last `maxPublished`). */
  published: () => BusEvent[];
  queue: (name: string) => LocalQueue | undefined;
  queues: () => LocalQueue[];
  /** Starts background delivery to the queues' consumers. */
  start: () => void;
  /** Stops delivery and waits for batches in flight. */
  stop: () => Promise<void>;
};

export type LocalBusOptions = {
  /** The routing table; defaults to the application's `eventRoutes`. */
  routes?: readonly EventRoute[];
  /** How a queue target's consumer is found; defaults to `functions/<name>/<name>.handler.ts`. */
  resolveConsumer?: ConsumerResolver;
  clock?: Clock;
  /** How many accepted events the log keeps. */
  maxPublished?: number;
  /** Background delivery interval of the queues. */
  pumpIntervalMs?: number;
  /**
   * Target of the `analytics` routes; defaults to the lake writer under
   * `<FRONTOFFICE_DATA_DIR>/lake` when that is set (local/lake), else those events stay in the log.
   */
  analytics?: AnalyticsSink;
};

/** Where the `analytics` routes deliver locally (Firehose on AWS). */
export type AnalyticsSink = {
  write: (detail: unknown) => void;
  start: () => void;
  /** Flushes everything buffered. */
  stop: () => Promise<void>;
};

/** EventBridge formats event times to the second. */
const eventTime = (time: Date): string => `${time.toISOString().slice(0, 19)}Z`;

const invalid = (ErrorMessage: string): EntryResult => ({ ErrorCode: 'InvalidArgument', ErrorMessage });

/**
 * The local EventBridge bus: accepts events, keeps a bounded log, and applies the routing table
 * (the same data CDK turns into rules) to deliver each event to its queue targets.
 */
export const createLocalBus = async (options: LocalBusOptions = {}): Promise<LocalBus> => {
  const routes = options.routes ?? eventRoutes;
  const clock = options.clock ?? systemClock;
  const maxPublished = options.maxPublished ?? 1000;
  const resolveConsumer = options.resolveConsumer ?? loadConsumer;
  const queues = new Map<string, LocalQueue>();
  const log: BusEvent[] = [];
  let analytics = options.analytics;
  const dataDir = process.env.FRONTOFFICE_DATA_DIR?.trim();
  if (!analytics && dataDir && routes.some((route) => route.target.kind === 'analytics')) {
    const { createLakeWriter } = await import('../lake/lake-writer.ts');
    analytics = createLakeWriter({ lakeDir: join(dataDir, 'lake') });
  }

  for (const route of routes) {
    if (route.target.kind === 'analytics') {
      if (!analytics) {
        logger.info('No lake (FRONTOFFICE_DATA_DIR unset): analytics events are only kept in the bus log', {
          route: route.name,
          target: 'analytics',
        });
      }
      continue;
    }
    const target = route.target;
    if (queues.has(target.queue)) continue;
    const handler = target.consumer ? await resolveConsumer(target.consumer) : undefined;
    queues.set(target.queue, createQueue({ ...target, handler, clock }));
  }

  const accept = (entry: BusEntry): EntryResult => {
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return invalid('Source, DetailType and Detail are required.');
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    if (!detail || typeof detail !== 'object' || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object.' };
    }
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: eventTime(entry.Time ?? clock.now()),
      region: env.region,
      resources: entry.Resources ?? [],
      detail,
    };
    log.push(event);
    if (log.length > maxPublished) log.splice(0, log.length - maxPublished);
    if (
      analytics &&
      event.source === EVENT_SOURCE &&
      routes.some((route) => route.target.kind === 'analytics' && routeMatches(route, event['detail-type']))
    ) {
      analytics.write(event.detail);
    }
    for (const route of routes) {
      if (route.target.kind !== 'queue' || event.source !== EVENT_SOURCE) continue;
      if (routeMatches(route, event['detail-type']))
        queues.get(route.target.queue)?.send(JSON.stringify(event));
    }
    return { EventId: event.id };
  };

  return {
    put: (entries) => entries.map(accept),
    published: () => [...log],
    queue: (name) => queues.get(name),
    queues: () => [...queues.values()],
    start: () => {
      for (const queue of queues.values()) queue.start(options.pumpIntervalMs);
      analytics?.start();
    },
    stop: async () => {
      await Promise.all([...queues.values()].map((queue) => queue.stop()));
      await analytics?.stop();
    },
  };
};
