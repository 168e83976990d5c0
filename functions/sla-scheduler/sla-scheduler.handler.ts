import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';
import { syncSlaSchedules, ticketEventSchema } from '#shared/sla/sla-schedule.service.ts';

/**
 * SLA schedules (consumer of the `sla-schedules` queue): after a ticket event, (re)creates or
 * deletes the ticket's breach schedules. Idempotent; a failed record fails alone.
 */
export const { consume, handler } = createEventsConsumer('a ticket event', ticketEventSchema, (event) =>
  syncSlaSchedules(event.subject.id).then(() => undefined),
);
