import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from '#shared/platform/logger.ts';
import { handleSlaDue, type SlaDueOutcome, slaDuePayloadSchema } from '#shared/sla/sla-breach.service.ts';

/**
 * Target of the one-time SLA schedules (EventBridge Scheduler on AWS, `local/scheduler` locally):
 * `{ ticketId, target }` → breach check. A thrown error makes the scheduler retry (then its DLQ).
 */
export const breach = async (input: unknown): Promise<{ outcome: SlaDueOutcome }> => {
  const payload = slaDuePayloadSchema.parse(input);
  return { outcome: await handleSlaDue(payload) };
};

export const handler = middy<unknown, { outcome: SlaDueOutcome }, Error, Context>(breach).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
