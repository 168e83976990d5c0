import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE, type EventRoute, type QueueTarget } from '#shared/platform/events/routing.ts';
import { physicalName } from '../stage.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

export type QueueSubscriptionProps = {
  stage: string;
  bus: events.IEventBus;
  route: EventRoute & { target: QueueTarget };
  alarmTopic: sns.ITopic;
};

/** The event pattern of a route: our source, and the route's event names unless it takes all. */
export const routePattern = (route: EventRoute): events.EventPattern => ({
  source: [EVENT_SOURCE],
  ...(route.events === 'all' ? {} : { detailType: [...route.events] }),
});

/**
 * One queue route of `eventRoutes`: rule → SQS queue (with DLQ after `maxReceiveCount`). The
 * rule target has its own DLQ for events EventBridge could not deliver to the queue at all.
 */
export class QueueSubscription extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly targetDeadLetterQueue: DeadLetterQueue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: QueueSubscriptionProps) {
    super(scope, id);
    const { route, stage } = props;
    const queueName = physicalName(stage, route.target.queue);

    this.deadLetterQueue = new DeadLetterQueue(this, 'Dlq', {
      queueName: `${queueName}-dlq`,
      alarmTopic: props.alarmTopic,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(route.target.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue.queue, maxReceiveCount: route.target.maxReceiveCount },
    });

    this.targetDeadLetterQueue = new DeadLetterQueue(this, 'TargetDlq', {
      queueName: `${queueName}-target-dlq`,
      alarmTopic: props.alarmTopic,
    });
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: physicalName(stage, route.name),
      description: route.description,
      eventBus: props.bus,
      eventPattern: routePattern(route),
    });
    this.rule.addTarget(
      new targets.SqsQueue(this.queue, {
        deadLetterQueue: this.targetDeadLetterQueue.queue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    );
  }
}
