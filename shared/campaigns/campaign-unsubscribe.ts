import { getItem } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError } from '#shared/platform/errors.ts';
import { campaignRecipientKey, campaignStatsKey } from './campaign-recipient.entity.ts';

/**
 * Counts an unsubscribe once per campaign recipient (`unsubscribedAt`, `unsubscribed` + 1) in the
 * caller's transaction: the unsubscribe link of a campaign mail names the campaign. Returns false,
 * writing nothing, when the recipient does not exist or already unsubscribed.
 */
export const recordCampaignUnsubscribe = async (
  uow: UnitOfWork,
  campaignId: string,
  contactId: string,
  at: string,
): Promise<boolean> => {
  const recipient = await getItem(campaignRecipientKey(campaignId, contactId));
  if (!recipient || typeof recipient.unsubscribedAt === 'string') return false;
  uow.update(
    campaignRecipientKey(campaignId, contactId),
    {
      UpdateExpression: 'SET #at = :at',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#at)',
      ExpressionAttributeNames: { '#at': 'unsubscribedAt' },
      ExpressionAttributeValues: { ':at': at },
    },
    () =>
      new AppError('conflict', 'The unsubscribe was just recorded; retry.', {
        headers: { 'retry-after': '1' },
      }),
  );
  uow.update(
    campaignStatsKey(campaignId),
    {
      UpdateExpression: 'ADD #counter :one',
      ExpressionAttributeNames: { '#counter': 'unsubscribed' },
      ExpressionAttributeValues: { ':one': 1 },
    },
    () => new Error('Unexpected condition failure on campaign stats.'),
  );
  return true;
};
