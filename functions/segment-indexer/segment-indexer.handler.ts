import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';
import { indexEvent, indexedEventSchema } from '#shared/segments/segment-indexer.service.ts';

/**
 * Segment indexer (consumer of the `segments` queue): keeps contact segment profiles and segment
 * memberships current from contact, lead, order and segment events; builds new segment generations.
 */
export const { consume, handler } = createEventsConsumer(
  'an event the segment indexer takes',
  indexedEventSchema,
  indexEvent,
);
