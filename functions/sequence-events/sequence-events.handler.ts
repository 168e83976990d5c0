import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';
import { handleSequenceEvent, sequenceEventSchema } from '#shared/sequences/sequence-trigger.service.ts';

/**
 * Sequence runner (consumer of the `sequences` queue): lead events enroll contacts and run their
 * first steps, exit events end enrollments, `lead.qualified` hands nurtured leads to their owner.
 * Idempotent; a failed record fails alone.
 */
export const { consume, handler } = createEventsConsumer(
  'an event the sequence runner takes',
  sequenceEventSchema,
  handleSequenceEvent,
);
