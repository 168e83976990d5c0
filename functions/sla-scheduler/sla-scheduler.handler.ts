import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '#shared/platform/logger.ts';
import { syncSlaSchedules, ticketEventSchema } from '#shared/sla/sla-schedule.service.ts';

/** The SQS body: the EventBridge event (JSON text) whose detail is a ticket event. */
const messageSchema = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.issues.push({ code: 'custom', message: 'The message body is not JSON.', input: text });
      return z.NEVER;
    }
  })
  .pipe(z.looseObject({ detail: ticketEventSchema }));

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const parsed = messageSchema.safeParse(record.body);
  if (!parsed.success) throw new Error(`Message ${record.messageId} is not a ticket event.`);
  await syncSlaSchedules(parsed.data.detail.subject.id);
};

/**
 * SLA schedules (consumer of the `sla-schedules` queue): after a ticket event, (re)creates or
 * deletes the ticket's breach schedules. Idempotent; a failed record fails alone.
 */
export const consume = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
    context,
    throwOnFullBatchFailure: false,
  });

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>(consume).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
