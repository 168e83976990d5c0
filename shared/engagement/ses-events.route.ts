import type { QueueTarget } from '#shared/platform/events/routing.ts';
import { SES_DETAIL_TYPES, SES_EVENT_SOURCE } from './ses-event.schema.ts';

/**
 * Where SES events go: not through `eventRoutes` (those match our own bus and source), but from
 * the DEFAULT bus, where SES's configuration-set destination publishes them, to one queue. CDK
 * (`lib/features/email-feedback.ts`) and the local emulation (`local/ses-events/`) read this.
 */
export const sesEventsRoute = {
  name: 'ses-events',
  description:
    'SES sending events (default bus, source aws.ses) to the engagement feedback: stats, email.* events, suppressions, scores.',
  pattern: { source: [SES_EVENT_SOURCE], detailType: Object.values(SES_DETAIL_TYPES) },
  target: {
    kind: 'queue',
    queue: 'ses-events',
    consumer: 'email-feedback',
    batchSize: 10,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 60,
    // Every event of a campaign adds to its one stats item: a few consumers at once keep
    // transaction conflicts on that item rare (they retry) while 100k deliveries take minutes.
    maxConcurrency: 5,
  } satisfies QueueTarget,
} as const;
