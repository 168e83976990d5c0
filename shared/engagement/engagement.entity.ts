import type { Engagement } from '#shared/campaigns/campaign-recipient.entity.ts';
import type { StoredItem } from '#shared/platform/db/keys.ts';

/**
 * Engagement of mail that has no recipient item (sequence mail): one marker per SES message and
 * kind of engagement, created conditionally, so a redelivered SES event counts once. Campaign mail
 * needs none: its recipient's `<engagement>At` is the guard. Ids only.
 */
export const ENGAGEMENT_MARKER_ENTITY = 'mail-engagement';

export const engagementMarkerKey = (messageId: string, engagement: Engagement) => ({
  pk: `MAIL_ENGAGEMENT#${messageId}`,
  sk: `ENGAGEMENT#${engagement}`,
});

export const engagementMarkerItem = (marker: {
  messageId: string;
  engagement: Engagement;
  contactId: string;
  at: string;
}): StoredItem => ({
  ...engagementMarkerKey(marker.messageId, marker.engagement),
  entity: ENGAGEMENT_MARKER_ENTITY,
  ...marker,
});
