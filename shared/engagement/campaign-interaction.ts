import * as z from 'zod';
import {
  CAMPAIGN_RECIPIENT_ENTITY,
  campaignRecipientFromItem,
  RECIPIENT_STATUSES,
} from '#shared/campaigns/campaign-recipient.entity.ts';

/**
 * A campaign interaction as the contact's 360° view shows it: the campaign recipient item (it sits
 * in the contact's collection) reduced to the send and what SES reported about it.
 */
export const campaignInteractionSchema = z.strictObject({
  campaignId: z.string(),
  status: z.enum(RECIPIENT_STATUSES),
  messageId: z.string().nullable(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  openedAt: z.string().nullable(),
  clickedAt: z.string().nullable(),
  bouncedAt: z.string().nullable(),
  /** permanent, transient or undetermined, when it bounced. */
  bounceType: z.string().nullable(),
  complainedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
});
export type CampaignInteraction = z.infer<typeof campaignInteractionSchema>;

export const CAMPAIGN_INTERACTION_ENTITY = CAMPAIGN_RECIPIENT_ENTITY;

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export const campaignInteractionFromItem = (item: Record<string, unknown>): CampaignInteraction => {
  const recipient = campaignRecipientFromItem(item);
  return {
    campaignId: recipient.campaignId,
    status: recipient.status,
    messageId: recipient.messageId ?? null,
    sentAt: recipient.sentAt ?? null,
    deliveredAt: recipient.deliveredAt ?? null,
    openedAt: recipient.openedAt ?? null,
    clickedAt: recipient.clickedAt ?? null,
    bouncedAt: recipient.bouncedAt ?? null,
    bounceType: text(item.bounceType),
    complainedAt: recipient.complainedAt ?? null,
    unsubscribedAt: recipient.unsubscribedAt ?? null,
  };
};
