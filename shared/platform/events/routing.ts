/**
 * One route of the event routing table: which events go where. CDK turns each route into an
 * EventBridge rule and its target; the local runtime's bus emulation reads the very same data.
 */
export type EventRoute = {
  /** Rule name (kebab-case): `frontoffice-<stage>-<name>` on AWS. */
  name: string;
  description: string;
  /** Event names (detail-type) this route takes, or every event. */
  events: readonly string[] | 'all';
  target: QueueTarget | AnalyticsTarget;
};

/** Rule → SQS queue (with DLQ) → consumer Lambda with partial batch failures. */
export type QueueTarget = {
  kind: 'queue';
  /** Queue name: `frontoffice-<stage>-<queue>`, DLQ `…-<queue>-dlq`. */
  queue: string;
  /** Function consuming the queue (`functions/<consumer>/<consumer>.handler.ts`); absent until built. */
  consumer?: string;
  batchSize: number;
  /** Receives before a message moves to the DLQ. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
  /**
   * At most this many consumer invocations at once (Lambda's SQS maximum concurrency, 2 to 1000):
   * protects a downstream system, e.g. the ERP catching up after an outage, from a burst.
   */
  maxConcurrency?: number;
};

/** Rule → the analytics export (Firehose to the Parquet lake on AWS). */
export type AnalyticsTarget = { kind: 'analytics' };

export const EVENT_SOURCE = 'frontoffice';

export const routeMatches = (route: EventRoute, eventName: string): boolean =>
  route.events === 'all' || route.events.includes(eventName);
