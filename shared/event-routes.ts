import type { EventRoute } from '#shared/platform/events/routing.ts';
import { SEGMENT_INDEX_EVENTS } from '#shared/segments/segment-index.events.ts';
import { SLA_SCHEDULE_EVENTS } from '#shared/sla/sla-schedule.events.ts';

/**
 * The routing table (event → targets), defined once. CDK (`lib/stacks/events-stack.ts`) and the
 * local bus emulation (`local/bus/`) both read it; features add routes here.
 */
export const eventRoutes: readonly EventRoute[] = [
  {
    name: 'analytics-export',
    description: 'Every business event into the analytics lake (ids and facts, no personal data).',
    events: 'all',
    target: { kind: 'analytics' },
  },
  {
    name: 'erp-sync',
    description: 'Placed orders to the ERP connector, buffered so an ERP outage loses nothing.',
    events: ['order.placed'],
    target: {
      kind: 'queue',
      queue: 'erp-sync',
      consumer: 'erp-sync',
      batchSize: 10,
      maxReceiveCount: 5,
      // The ERP is the slow party, and after an outage the backlog must not flood it.
      maxConcurrency: 5,
      visibilityTimeoutSeconds: 60,
    },
  },
  {
    name: 'order-confirmation',
    description: 'Placed orders to the order confirmation mailer (SES), once per order.',
    events: ['order.placed'],
    target: {
      kind: 'queue',
      queue: 'order-confirmation',
      consumer: 'order-mailer',
      batchSize: 10,
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 60,
    },
  },
  {
    name: 'segments',
    description:
      'Contact, lead, order and segment events to the segment indexer: profiles, memberships, counts, rebuilds.',
    events: [...SEGMENT_INDEX_EVENTS],
    target: {
      kind: 'queue',
      queue: 'segments',
      consumer: 'segment-indexer',
      batchSize: 10,
      maxReceiveCount: 5,
      // A rebuild pages through every profile: six times the Lambda maximum of 15 minutes (docs/segments.md).
      visibilityTimeoutSeconds: 5400,
    },
  },
  {
    name: 'sla-schedules',
    description:
      "Ticket changes to the SLA scheduler: (re)creates or deletes the ticket's one-time breach schedules.",
    events: [...SLA_SCHEDULE_EVENTS],
    target: {
      kind: 'queue',
      queue: 'sla-schedules',
      consumer: 'sla-scheduler',
      batchSize: 10,
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 60,
    },
  },
  {
    name: 'ticket-mail',
    description:
      'Ticket mail through SES: acknowledgment of new email/web tickets, agent replies, the CSAT/NPS survey on resolve.',
    events: ['ticket.opened', 'ticket.message_added', 'ticket.resolved'],
    target: {
      kind: 'queue',
      queue: 'ticket-mail',
      consumer: 'ticket-mailer',
      batchSize: 10,
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 60,
    },
  },
];
