import { handleSesEvent } from '#shared/engagement/engagement.service.ts';
import { sesEventDetailSchema } from '#shared/engagement/ses-event.schema.ts';
import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';

/**
 * Engagement feedback (consumer of the `ses-events` queue): SES events from the default bus (on
 * AWS) or the local SES emulation → campaign stats, `email.*` events, suppressions, lead scores.
 * A message that is not an SES event of the types taken fails, and ends in the DLQ.
 */
export const { consume, handler } = createEventsConsumer(
  'an SES sending event (Send, Delivery, Open, Click, Bounce, Complaint)',
  sesEventDetailSchema,
  async (detail) => {
    await handleSesEvent(detail);
  },
);
