import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  type CampaignStartOutcome,
  campaignStartPayloadSchema,
  startScheduledCampaign,
} from '#shared/campaigns/campaign-start.service.ts';
import { logger } from '#shared/platform/logger.ts';

/**
 * Target of a campaign's one-time start schedule (EventBridge Scheduler on AWS, `local/scheduler`
 * locally): `{ campaignId, scheduledAt }` → start sending. A thrown error makes the scheduler retry.
 */
export const start = async (input: unknown): Promise<{ outcome: CampaignStartOutcome }> => ({
  outcome: await startScheduledCampaign(campaignStartPayloadSchema.parse(input)),
});

export const handler = middy<unknown, { outcome: CampaignStartOutcome }, Error, Context>(start).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
