import * as z from 'zod';
import { getItem } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { campaignFromItem } from './campaign.entity.ts';
import { startCampaign } from './campaign.service.ts';
import { campaignKey } from './campaign-recipient.entity.ts';

export const campaignStartPayloadSchema = z.strictObject({
  campaignId: z.string().min(1),
  scheduledAt: z.string().min(1),
});
export type CampaignStartPayload = z.infer<typeof campaignStartPayloadSchema>;

export type CampaignStartOutcome = 'started' | 'stale';

/**
 * The scheduled start: only a campaign still scheduled for exactly this time starts (a schedule
 * of an earlier scheduledAt, a cancelled or an already started campaign fires into nothing). A
 * thrown error (segment still building, a lost race) makes the scheduler retry.
 */
export const startScheduledCampaign = async (
  payload: CampaignStartPayload,
): Promise<CampaignStartOutcome> => {
  const item = await getItem(campaignKey(payload.campaignId));
  const campaign = item ? campaignFromItem(item) : undefined;
  // Deleted (a draft again, then deleted), rescheduled, cancelled or started: nothing to do.
  if (campaign?.status !== 'scheduled' || campaign.scheduledAt !== payload.scheduledAt) return 'stale';
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  await startCampaign(campaign, uow);
  await uow.commit();
  return 'started';
};
