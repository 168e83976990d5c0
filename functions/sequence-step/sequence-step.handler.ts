import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { logger } from '#shared/platform/logger.ts';
import {
  type RunOutcome,
  runEnrollment,
  stepPayloadSchema,
} from '#shared/sequences/sequence-runner.service.ts';
import { runDailySequences } from '#shared/sequences/sequence-trigger.service.ts';

/** The daily rule's input (EventBridge `rate(1 day)` on AWS, the local runtime's daily timer locally). */
const dailyPayloadSchema = z.strictObject({ daily: z.literal(true) });

type Result = { outcome: RunOutcome } | { segments: number; enrolled: number };

/**
 * Target of the one-time step schedules (`{ sequenceId, contactId }` → run the due steps) and of
 * the daily job (`{ daily: true }` → re-evaluate time-based segments, enroll new segment members).
 * A thrown error makes the scheduler retry (then its DLQ).
 */
export const step = async (input: unknown): Promise<Result> => {
  const daily = dailyPayloadSchema.safeParse(input);
  if (daily.success) return runDailySequences();
  const payload = stepPayloadSchema.parse(input);
  return { outcome: await runEnrollment(payload.sequenceId, payload.contactId) };
};

export const handler = middy<unknown, Result, Error, Context>(step).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
