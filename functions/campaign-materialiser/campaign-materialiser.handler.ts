import * as z from 'zod';
import { CAMPAIGN_MATERIALISE_EVENTS } from '#shared/campaigns/campaign.events.ts';
import { materialiseRecipients } from '#shared/campaigns/campaign-send.service.ts';
import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';

/** Either event of the queue, by its envelope: the materialiser needs only the campaign id. */
const campaignEvent = z.looseObject({
  name: z.enum(CAMPAIGN_MATERIALISE_EVENTS),
  subject: z.strictObject({ type: z.literal('campaign'), id: z.string().min(1) }),
});

/**
 * Consumer of the `campaign-recipients` queue: `campaign.send_started` and
 * `campaign.recipients_continued` → recipients written page by page, one `campaign.batch_ready` each.
 */
export const { consume, handler } = createEventsConsumer(
  'a campaign materialisation event',
  campaignEvent,
  async (event) => {
    await materialiseRecipients(event.subject.id);
  },
);
