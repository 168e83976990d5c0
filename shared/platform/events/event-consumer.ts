import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '../logger.ts';
import type { EventContract } from './event.ts';
import { EVENT_SOURCE } from './routing.ts';

/** An SQS body that is JSON text, parsed as part of the schema (so no handler calls JSON.parse). */
const jsonText = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.issues.push({ code: 'custom', message: 'The message body is not JSON.', input: text });
    return z.NEVER;
  }
});

/**
 * The EventBridge envelope an SQS message of a rule target carries (body = the event JSON), with
 * `detail` parsed by the event's own contract.
 */
export const eventBridgeMessageSchema = <C extends EventContract<string, z.ZodObject>>(contract: C) =>
  jsonText.pipe(
    z.looseObject({
      id: z.string(),
      source: z.literal(EVENT_SOURCE),
      'detail-type': z.literal(contract.name),
      detail: contract.schema,
    }),
  );

export type ConsumedEvent<C extends EventContract<string, z.ZodObject>> = z.infer<C['schema']>;

/**
 * A queue consumer: Powertools' BatchProcessor over the SQS batch, each record's body parsed with
 * `schema`, and the partial batch response (only the failed records come back). A record that does
 * not parse fails too, and ends in the DLQ after maxReceiveCount.
 */
const createQueueConsumer = <S extends z.ZodType>(
  what: string,
  schema: S,
  handleMessage: (message: z.infer<S>, record: SQSRecord) => Promise<void>,
) => {
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const parsed = schema.safeParse(record.body);
    if (!parsed.success) {
      logger.error('Unreadable message', { messageId: record.messageId, expected: what });
      throw new Error(`Message ${record.messageId} is not ${what}.`);
    }
    await handleMessage(parsed.data, record);
  };

  /** The plain function (tests, the local queue): one processor per batch, so batches never share state. */
  const consume = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, recordHandler, processor, {
      context,
      throwOnFullBatchFailure: false,
    });
  };

  return {
    consume,
    handler: middy<SQSEvent, SQSBatchResponse, Error, Context>(consume).use(
      injectLambdaContext(logger, { resetKeys: true }),
    ),
  };
};

/** A queue consumer of one event type, its `detail` parsed by the event's own contract. */
export const createEventConsumer = <C extends EventContract<string, z.ZodObject>>(
  contract: C,
  handleEvent: (event: ConsumedEvent<C>, record: SQSRecord) => Promise<void>,
) =>
  createQueueConsumer(
    `a valid ${contract.name} event`,
    eventBridgeMessageSchema(contract),
    (message, record) => handleEvent(message.detail as ConsumedEvent<C>, record),
  );

/** A queue consumer of several event types: `detail` parsed by a schema of their union. */
export const createEventsConsumer = <S extends z.ZodType>(
  what: string,
  detail: S,
  handleEvent: (event: z.infer<S>, record: SQSRecord) => Promise<void>,
) =>
  createQueueConsumer(what, jsonText.pipe(z.looseObject({ detail })), (message, record) =>
    handleEvent(message.detail as z.infer<S>, record),
  );
