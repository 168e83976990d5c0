import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';

/**
 * Campaign recipients and the campaign's counters: the contract between the sender (which
 * materialises, claims and sends) and the engagement feedback (which records what SES reports).
 * docs/campaigns.md describes the states.
 */
export const CAMPAIGN_RECIPIENT_ENTITY = 'campaign-recipient';
export const CAMPAIGN_STATS_ENTITY = 'campaign-stats';

/**
 * pending: materialised, not yet claimed · sending: claimed by a sender (claimedAt), SES call may
 * or may not have happened · sent: SES accepted it (messageId) · skipped: not allowed to receive it
 * (skipReason: consent, suppression, no address) · failed: SES rejected the address.
 */
export const RECIPIENT_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'failed'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** Engagement a recipient can show; each is recorded once per recipient (its `<name>At` time). */
export const ENGAGEMENTS = [
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'complained',
  'unsubscribed',
] as const;
export type Engagement = (typeof ENGAGEMENTS)[number];

/** The counters of `campaign-stats`; opened and clicked count recipients, not events. */
export const CAMPAIGN_COUNTERS = ['recipients', 'sent', 'skipped', 'failed', ...ENGAGEMENTS] as const;
export type CampaignCounter = (typeof CAMPAIGN_COUNTERS)[number];

export type CampaignRecipient = {
  campaignId: string;
  contactId: string;
  status: RecipientStatus;
  /** Why a recipient was skipped or failed (a SendDecision reason, or SES's error). */
  reason?: string | undefined;
  claimedAt?: string | undefined;
  /** How many times a sender claimed it (a claim that ran out without proof of sending is retried). */
  attempts: number;
  messageId?: string | undefined;
  sentAt?: string | undefined;
} & Partial<Record<`${Engagement}At`, string>>;

export const campaignKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' });
export const campaignStatsKey = (campaignId: string) => ({ pk: `CAMPAIGN#${campaignId}`, sk: 'STATS' });
export const campaignRecipientKey = (campaignId: string, contactId: string) => ({
  pk: `CAMPAIGN#${campaignId}`,
  sk: `RECIPIENT#${contactId}`,
});

/** A recipient also sits in the contact's collection (gsi1): the 360° view's campaign interactions. */
export const campaignRecipientItem = (recipient: CampaignRecipient): StoredItem => ({
  ...campaignRecipientKey(recipient.campaignId, recipient.contactId),
  entity: CAMPAIGN_RECIPIENT_ENTITY,
  gsi1pk: `CONTACT#${recipient.contactId}`,
  gsi1sk: `CAMPAIGN#${recipient.campaignId}`,
  ...recipient,
});

export const campaignRecipientFromItem = (item: Record<string, unknown>): CampaignRecipient =>
  withoutStorageAttributes<CampaignRecipient>(item);
