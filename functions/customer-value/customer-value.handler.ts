import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import {
  applyCustomerEvent,
  customerValueEventSchema,
  recomputeCustomerValues,
} from '#shared/customer-value/customer-value.service.ts';
import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';
import { logger } from '#shared/platform/logger.ts';

/**
 * Customer value (consumer of the `customer-value` queue): order, invoice, ticket and mail-feedback
 * events → the contact's customer facts, `customer.value_changed` when its figures move.
 */
export const { consume } = createEventsConsumer(
  'an event the customer-value consumer takes',
  customerValueEventSchema,
  applyCustomerEvent,
);

/** The daily rule's input (EventBridge `rate(1 day)` on AWS): churn risk moves with time alone. */
const dailyPayloadSchema = z.strictObject({ daily: z.literal(true) });

type Result = SQSBatchResponse | { read: number; changed: number };

/** The queue's SQS batches, and the daily job (`{ daily: true }` → recompute and republish). */
export const run = async (input: unknown, context: Context): Promise<Result> => {
  if (dailyPayloadSchema.safeParse(input).success) return recomputeCustomerValues();
  return consume(input as SQSEvent, context);
};

export const handler = middy<unknown, Result, Error, Context>(run).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
