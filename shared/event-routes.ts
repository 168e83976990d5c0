import {
  CAMPAIGN_MATERIALISE_EVENTS,
  CAMPAIGN_SEND_CONCURRENCY,
  campaignBatchReady,
} from '#shared/campaigns/campaign.events.ts';
import { CUSTOMER_VALUE_EVENTS } from '#shared/customer-value/customer-value-route.events.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';
import { REPORT_EVENTS } from '#shared/reports/report.events.ts';
import { SEGMENT_INDEX_EVENTS } from '#shared/segments/segment-index.events.ts';
import { SEQUENCE_ROUTE_EVENTS } from '#shared/sequences/sequence-route.events.ts';
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
    name: 'customer-value',
    description:
      'Order, invoice, ticket and mail-feedback events to the customer-value consumer: value, churn risk.',
    events: [...CUSTOMER_VALUE_EVENTS],
    target: {
      kind: 'queue',
      queue: 'customer-value',
      consumer: 'customer-value',
      batchSize: 10,
      maxReceiveCount: 5,
      // The same function runs the daily pass over every customer: 5 minutes (docs/customer-value.md).
      visibilityTimeoutSeconds: 1800,
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
  {
    name: 'sequences',
    description:
      'Lead, consent, contact and order events to the sequence runner: enrollments, exits, the MQL handoff.',
    events: [...SEQUENCE_ROUTE_EVENTS],
    target: {
      kind: 'queue',
      queue: 'sequences',
      consumer: 'sequence-events',
      batchSize: 10,
      maxReceiveCount: 5,
      visibilityTimeoutSeconds: 120,
    },
  },
  {
    name: 'campaign-recipients',
    description:
      'Campaign starts to the materialiser: recipients written from the segment page by page, one send batch each.',
    events: [...CAMPAIGN_MATERIALISE_EVENTS],
    target: {
      kind: 'queue',
      queue: 'campaign-recipients',
      consumer: 'campaign-materialiser',
      batchSize: 1,
      maxReceiveCount: 5,
      maxConcurrency: 2,
      // A run writes up to 100 pages (docs/campaigns.md), then continues through its own event.
      visibilityTimeoutSeconds: 300,
    },
  },
  {
    name: 'campaign-send',
    description:
      'Campaign batches (≤ 50 recipients) to the sender: consent check, one SendBulkEmail, paced to the SES rate.',
    events: [campaignBatchReady.name],
    target: {
      kind: 'queue',
      queue: 'campaign-send',
      consumer: 'campaign-sender',
      batchSize: 1,
      // A batch with recipients in doubt is retried until their claim lease (10 min) ran out.
      maxReceiveCount: 10,
      // Each sender paces itself to the account's rate divided by this (docs/campaigns.md).
      maxConcurrency: CAMPAIGN_SEND_CONCURRENCY,
      visibilityTimeoutSeconds: 360,
    },
  },
  {
    name: 'reports',
    description:
      'Every event a KPI reads to the report aggregator: daily counters for the dashboards API (docs/reports.md).',
    events: [...REPORT_EVENTS],
    target: {
      kind: 'queue',
      queue: 'reports',
      consumer: 'report-aggregator',
      batchSize: 10,
      maxReceiveCount: 5,
      // An order or a click copies a contact's attribution facts: a few sequential requests each.
      visibilityTimeoutSeconds: 180,
    },
  },
];
