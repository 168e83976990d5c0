import { campaignBatchReady } from '#shared/campaigns/campaign.events.ts';
import { sendBatch } from '#shared/campaigns/campaign-send.service.ts';
import { createEventConsumer } from '#shared/platform/events/event-consumer.ts';

/**
 * Consumer of the `campaign-send` queue: one `campaign.batch_ready` (≤ 50 recipients) → claims,
 * consent checks, one SendBulkEmail, results. A batch with recipients in doubt fails and is retried.
 */
export const { consume, handler } = createEventConsumer(campaignBatchReady, async (event) => {
  await sendBatch(event.subject.id, event.data.contactIds);
});
