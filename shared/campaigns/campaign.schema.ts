import * as z from 'zod';
import { CONSENT_PURPOSES } from '#shared/consent/consent.schema.ts';
import { cursorSchema, idSchema, limitSchema, pageOf, recordMeta } from '#shared/platform/http/schemas.ts';
import { moneySchema } from '#shared/platform/money.ts';
import { RECIPIENT_STATUSES } from './campaign-recipient.entity.ts';

/**
 * draft → (scheduled →) sending → sent; draft, scheduled and sending may be cancelled.
 * docs/campaigns.md describes the states and the pipeline.
 */
export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const name = z.string().trim().min(1).max(200);
const scheduledAt = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

const editable = {
  name,
  segmentId: idSchema,
  /** A marketing template (kind `marketing`). */
  templateId: idSchema,
  /** The consent purpose recipients must have granted; their unsubscribe link withdraws it. */
  purpose: z.enum(CONSENT_PURPOSES),
  /** What the campaign cost (agency, design, SES); the base of the ROI. */
  costs: moneySchema,
  /** Orders within this many days after a recipient's click count as the campaign's revenue. */
  attributionDays: z.number().int().min(1).max(365),
  /** When to start sending; setting it schedules the campaign, null takes it back to draft. */
  scheduledAt: scheduledAt.nullable(),
};

export const createCampaignBody = z.strictObject({
  name,
  segmentId: editable.segmentId,
  templateId: editable.templateId,
  purpose: editable.purpose.default('newsletter'),
  costs: editable.costs.default({ amount: '0.00', currency: 'EUR' }),
  attributionDays: editable.attributionDays.default(30),
  scheduledAt: editable.scheduledAt.optional(),
});
export type CreateCampaignInput = z.infer<typeof createCampaignBody>;

export const updateCampaignBody = z
  .strictObject(editable)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');
export type UpdateCampaignInput = z.infer<typeof updateCampaignBody>;

export const scheduleCampaignBody = z.strictObject({ scheduledAt });

export const campaignSchema = z.strictObject({
  ...recordMeta,
  name: z.string(),
  segmentId: z.string(),
  templateId: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  costs: moneySchema,
  attributionDays: z.number().int().positive(),
  scheduledAt: z.string().nullable(),
  status: z.enum(CAMPAIGN_STATUSES),
  /** The SES configuration set every mail of the campaign is sent with (its engagement events). */
  configurationSetName: z.string(),
  /** The segment generation whose members became the recipients (set at the start). */
  segmentGeneration: z.number().int().positive().nullable(),
  startedAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});
export type Campaign = z.infer<typeof campaignSchema>;

export const listCampaignsQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema,
  status: z.enum(CAMPAIGN_STATUSES).optional(),
});
export type ListCampaignsQuery = z.infer<typeof listCampaignsQuery>;
export const campaignPage = pageOf(campaignSchema);

const rate = z.number().min(0).max(1).nullable();
export const campaignStatsSchema = z.strictObject({
  campaignId: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  recipients: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
  opened: z.number().int().nonnegative(),
  clicked: z.number().int().nonnegative(),
  bounced: z.number().int().nonnegative(),
  complained: z.number().int().nonnegative(),
  unsubscribed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /**
   * Open, click and unsubscribe rates over delivered, or over sent while nothing is reported
   * delivered yet; the bounce rate over sent; null before any mail (docs/campaigns.md).
   */
  openRate: rate,
  clickRate: rate,
  bounceRate: rate,
  unsubscribeRate: rate,
  cost: moneySchema,
  attributedRevenue: moneySchema,
  /** (attributedRevenue − cost) / cost, rounded to 4 places; null when the campaign cost nothing. */
  roi: z.number().nullable(),
});
export type CampaignStats = z.infer<typeof campaignStatsSchema>;

export const recipientsQuery = z.strictObject({
  limit: limitSchema,
  cursor: cursorSchema,
  status: z.enum(RECIPIENT_STATUSES).optional(),
});
export type RecipientsQuery = z.infer<typeof recipientsQuery>;

export const recipientSchema = z.looseObject({
  campaignId: z.string(),
  contactId: z.string(),
  status: z.enum(RECIPIENT_STATUSES),
  attempts: z.number().int().nonnegative(),
});
export const recipientPage = pageOf(recipientSchema);
