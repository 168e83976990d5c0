import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { eventRoutes } from '#shared/event-routes.ts';
import { EVENT_SOURCE, type EventRoute, type QueueTarget } from '#shared/platform/events/routing.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { QueueSubscription } from '../constructs/queue-subscription.ts';
import { physicalName } from '../stage.ts';

export type EventsStackProps = StackProps & {
  stage: string;
  /** Optional e-mail address that receives the DLQ alarms. */
  alarmEmail?: string | undefined;
  /** The routing table. @default eventRoutes */
  routes?: readonly EventRoute[];
};

/** Queue routes of the routing table, by route name. */
export const queueRoutes = (routes: readonly EventRoute[]): (EventRoute & { target: QueueTarget })[] =>
  routes.filter((route): route is EventRoute & { target: QueueTarget } => route.target.kind === 'queue');

/**
 * Stateful: the bus with an archive for replay, and the queue routes of `eventRoutes`
 * (rule → queue with DLQ). Consumers attach in the stateless stack.
 */
export class EventsStack extends Stack {
  readonly bus: events.EventBus;
  readonly alarmTopic: sns.Topic;
  /** Queue subscriptions by route name. */
  readonly subscriptions: ReadonlyMap<string, QueueSubscription>;
  /** Failure destination of the outbox publisher's stream event source. */
  readonly outboxDeadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      topicName: physicalName(stage, 'alarms'),
      displayName: `Front Office ${stage} alarms`,
      enforceSSL: true,
    });
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: physicalName(stage, 'bus') });
    new events.Archive(this, 'Archive', {
      archiveName: physicalName(stage, 'events'),
      description: 'Every Front Office event, for replay after a consumer bug or a new consumer.',
      sourceEventBus: this.bus,
      eventPattern: { source: [EVENT_SOURCE] },
      retention: Duration.days(365),
    });

    const subscriptionsByRoute = new Map<string, QueueSubscription>();
    for (const route of queueRoutes(props.routes ?? eventRoutes)) {
      subscriptionsByRoute.set(
        route.name,
        new QueueSubscription(this, `Route-${route.name}`, {
          stage,
          bus: this.bus,
          route,
          alarmTopic: this.alarmTopic,
        }),
      );
    }
    this.subscriptions = subscriptionsByRoute;

    this.outboxDeadLetterQueue = new DeadLetterQueue(this, 'OutboxPublisherDlq', {
      queueName: physicalName(stage, 'outbox-publisher-dlq'),
      alarmTopic: this.alarmTopic,
    });
  }
}
