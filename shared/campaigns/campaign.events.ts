import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';

// Ids and counts only: never names or addresses.

/** The recipients of one page; SendBulkEmail takes at most 50 destinations. */
export const CAMPAIGN_BATCH_SIZE = 50;

/**
 * Sending started (now or at its scheduled time): the materialiser writes the recipients from
 * the segment generation named here.
 */
export const campaignSendStarted = defineEvent({
  name: 'campaign.send_started',
  version: 1,
  subjectType: 'campaign',
  data: z.strictObject({
    segmentId: z.string(),
    segmentGeneration: z.number().int().positive(),
    templateId: z.string(),
  }),
});

/** The materialiser stopped after its page budget; this continues at the cursor on the campaign. */
export const campaignRecipientsContinued = defineEvent({
  name: 'campaign.recipients_continued',
  version: 1,
  subjectType: 'campaign',
  data: z.strictObject({ pagesWritten: z.number().int().nonnegative() }),
});

/** One page of recipients is written (status pending): the sender sends them. */
export const campaignBatchReady = defineEvent({
  name: 'campaign.batch_ready',
  version: 1,
  subjectType: 'campaign',
  data: z.strictObject({
    page: z.number().int().nonnegative(),
    contactIds: z.array(z.string()).min(1).max(CAMPAIGN_BATCH_SIZE),
  }),
});

/** Every recipient is sent, skipped or failed (PRODUCT.md `campaign.sent`); emitted once. */
export const campaignSent = defineEvent({
  name: 'campaign.sent',
  version: 1,
  subjectType: 'campaign',
  data: z.strictObject({
    recipients: z.number().int().nonnegative(),
    sent: z.number().int().nonnegative(),
    skipped: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
});

/** Events of the materialiser's queue. */
export const CAMPAIGN_MATERIALISE_EVENTS = [
  campaignSendStarted.name,
  campaignRecipientsContinued.name,
] as const;

/** Parallel senders at most (the send queue's maxConcurrency): each paces itself to rate / this. */
export const CAMPAIGN_SEND_CONCURRENCY = 4;
