import { createHash, randomUUID } from 'node:crypto';
import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { type Clock, clock as systemClock } from '#shared/platform/clock.ts';
import { env } from '#shared/platform/env.ts';
import type { QueueTarget } from '#shared/platform/events/routing.ts';
import { logger } from '#shared/platform/logger.ts';
import { lambdaContext } from '../lambda-context.ts';
import type { QueueConsumer } from './consumers.ts';

type Message = {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt: number | undefined;
  /** Epoch ms before which no consumer sees the message (it is in flight or waiting for a retry). */
  invisibleUntil: number;
  /** Handle of the latest receive; only that one may delete the message, as in SQS. */
  receiptHandle: string | undefined;
};

export type QueueOptions = Pick<
  QueueTarget,
  'queue' | 'consumer' | 'batchSize' | 'maxReceiveCount' | 'visibilityTimeoutSeconds'
> & {
  /** The consumer's handler; without one the queue only holds messages. */
  handler?: QueueConsumer | undefined;
  /** Time source; tests pass a fake one to expire visibility timeouts without waiting. */
  clock?: Clock;
};

/** A message as inspection shows it (bodies included: this is a local diagnostics aid). */
export type QueuedMessage = { messageId: string; body: string; receiveCount: number };

export type LocalQueue = {
  readonly name: string;
  /** Enqueues a message and returns its id. */
  send: (body: string) => string;
  /** Receives up to `max` visible messages, making them invisible for the visibility timeout. */
  receive: (max: number) => SQSRecord[];
  /** Deletes a received message; a stale receipt handle (from an earlier receive) is ignored. */
  deleteMessage: (receiptHandle: string) => boolean;
  /** One delivery: one batch to the consumer, then deletes what it did not report as failed. */
  pump: () => Promise<number>;
  /** Pumps until nothing is visible (at most `maxRounds` batches); returns messages delivered. */
  drain: (maxRounds?: number) => Promise<number>;
  /** Moves every DLQ message back to the queue with a fresh receive count; returns how many. */
  redrive: () => number;
  /** Messages in the queue, in flight or not. */
  depth: () => number;
  /** Messages received and not yet deleted or visible again. */
  inFlight: () => number;
  dlqDepth: () => number;
  messages: () => QueuedMessage[];
  deadLetters: () => QueuedMessage[];
  /** Delivers in the background every `intervalMs` and right after each send. */
  start: (intervalMs?: number) => void;
  /** Stops background delivery and waits for the batch in flight. */
  stop: () => Promise<void>;
};

/** What a consumer may answer: nothing, or the partial batch response. */
const batchResponseSchema = z.looseObject({
  batchItemFailures: z.array(z.looseObject({ itemIdentifier: z.string() })).optional(),
});

const view = (message: Message): QueuedMessage => ({
  messageId: message.messageId,
  body: message.body,
  receiveCount: message.receiveCount,
});

/**
 * An SQS queue with its DLQ, in memory, with the semantics consumers rely on: batches, visibility
 * timeout, retries, partial batch failures, DLQ after `maxReceiveCount` receives, and redrive.
 */
export const createQueue = (options: QueueOptions): LocalQueue => {
  const clock = options.clock ?? systemClock;
  const now = (): number => clock.now().getTime();
  const arn = `arn:aws:sqs:${env.region}:000000000000:frontoffice-${env.stage}-${options.queue}`;
  let messages: Message[] = [];
  const dlq: Message[] = [];
  let inFlightBatch: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const toRecord = (message: Message, receiptHandle: string): SQSRecord => ({
    messageId: message.messageId,
    receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'AIDAFRONTOFFICELOCAL',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: env.region,
  });

  const receive = (max: number): SQSRecord[] => {
    const at = now();
    const records: SQSRecord[] = [];
    for (const message of [...messages]) {
      if (records.length >= max) break;
      if (message.invisibleUntil > at) continue;
      // As in SQS: a message received maxReceiveCount times moves to the DLQ on its next receive.
      if (message.receiveCount >= options.maxReceiveCount) {
        messages = messages.filter((candidate) => candidate !== message);
        message.receiptHandle = undefined;
        dlq.push(message);
        logger.warn('Message moved to the DLQ', { queue: options.queue, messageId: message.messageId });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= at;
      message.invisibleUntil = at + options.visibilityTimeoutSeconds * 1000;
      message.receiptHandle = `${message.messageId}:${message.receiveCount}`;
      records.push(toRecord(message, message.receiptHandle));
    }
    return records;
  };

  const deleteMessage = (receiptHandle: string): boolean => {
    const before = messages.length;
    messages = messages.filter((message) => message.receiptHandle !== receiptHandle);
    return messages.length < before;
  };

  /** Lambda's rule: an unknown item identifier (or an unreadable answer) fails the whole batch. */
  const failedIds = (records: SQSRecord[], response: unknown): Set<string> => {
    const ids = new Set(records.map((record) => record.messageId));
    const parsed = batchResponseSchema.safeParse(response ?? {});
    if (!parsed.success) return ids;
    const failures = parsed.data.batchItemFailures ?? [];
    if (failures.some((failure) => !ids.has(failure.itemIdentifier))) return ids;
    return new Set(failures.map((failure) => failure.itemIdentifier));
  };

  const deliver = async (): Promise<number> => {
    const handler = options.handler;
    if (!handler) return 0;
    const records = receive(options.batchSize);
    if (records.length === 0) return 0;
    let failed: Set<string>;
    try {
      const response = await handler(
        { Records: records },
        lambdaContext(options.consumer ?? options.queue, {
          timeoutMs: options.visibilityTimeoutSeconds * 1000,
        }),
      );
      failed = failedIds(records, response);
    } catch (error) {
      logger.warn('Consumer failed the whole batch', { queue: options.queue, error: error as Error });
      failed = new Set(records.map((record) => record.messageId));
    }
    // Failed messages stay invisible until their visibility timeout passes, then come back.
    for (const record of records) if (!failed.has(record.messageId)) deleteMessage(record.receiptHandle);
    return records.length;
  };

  const pump = (): Promise<number> => {
    // One batch at a time per queue (a reserved concurrency of one), so deliveries never overlap.
    if (inFlightBatch) return inFlightBatch.then(() => 0);
    inFlightBatch = deliver().finally(() => {
      inFlightBatch = undefined;
    });
    return inFlightBatch;
  };

  const drain = async (maxRounds = 100): Promise<number> => {
    let delivered = 0;
    for (let round = 0; round < maxRounds; round += 1) {
      const count = await pump();
      if (count === 0) break;
      delivered += count;
    }
    return delivered;
  };

  // Background delivery stops between batches as soon as the queue is stopped.
  const background = (): void => {
    const loop = async (): Promise<void> => {
      for (let round = 0; round < 100 && timer; round += 1) if ((await pump()) === 0) return;
    };
    loop().catch((error: unknown) => logger.error('Queue delivery failed', { error: error as Error }));
  };

  return {
    name: options.queue,
    send: (body) => {
      const messageId = randomUUID();
      messages.push({
        messageId,
        body,
        sentAt: now(),
        receiveCount: 0,
        firstReceivedAt: undefined,
        invisibleUntil: 0,
        receiptHandle: undefined,
      });
      if (timer) setImmediate(background);
      return messageId;
    },
    receive,
    deleteMessage,
    pump,
    drain,
    redrive: () => {
      const moved = dlq.splice(0, dlq.length);
      for (const message of moved) {
        Object.assign(message, { receiveCount: 0, firstReceivedAt: undefined, invisibleUntil: 0 });
        messages.push(message);
      }
      if (timer && moved.length > 0) setImmediate(background);
      return moved.length;
    },
    depth: () => messages.length,
    inFlight: () => messages.filter((message) => message.invisibleUntil > now()).length,
    dlqDepth: () => dlq.length,
    messages: () => messages.map(view),
    deadLetters: () => dlq.map(view),
    start: (intervalMs = 200) => {
      if (timer || !options.handler) return;
      timer = setInterval(background, intervalMs);
      timer.unref();
    },
    stop: async () => {
      clearInterval(timer);
      timer = undefined;
      await inFlightBatch;
    },
  };
};
