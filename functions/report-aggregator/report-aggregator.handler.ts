import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';
import { aggregateEvent, reportEventSchema } from '#shared/reports/report-aggregator.service.ts';

/**
 * Report aggregator (consumer of the `reports` queue): keeps the daily counters and the small
 * per-contact and per-campaign items behind the KPIs of docs/kpis.md; idempotent per event.
 */
export const { consume, handler } = createEventsConsumer(
  'an event a KPI reads',
  reportEventSchema,
  aggregateEvent,
);
