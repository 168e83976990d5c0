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
 * A queue consumer of one event type: Powertools' BatchProcessor over the SQS batch, each record's
 * body parsed with the event's contract, and the partial batch response (only the failed records
 * come back). A record that does not parse fails too, and ends in the DLQ after maxReceiveCount.
 */
export const createEventConsumer = <C extends EventContract<string, z.ZodObject>>(
  contract: C,
  handleEvent: (event: ConsumedEvent<C>, record: SQSRecord) => Promise<void>,
) => {
  const schema = eventBridgeMessageSchema(contract);
  const recordHandler = async (record: SQSRecord): Promise<void> => {
    const parsed = schema.safeParse(record.body);
    if (!parsed.success) {
      logger.error('Unreadable message', { messageId: record.messageId, event: contract.name });
      throw new Error(`Message ${record.messageId} is not a valid ${contract.name} event.`);
    }
    await handleEvent(parsed.data.detail as ConsumedEvent<C>, record);
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
