import * as events from 'aws-cdk-lib/aws-events';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE, type EventRoute, type QueueTarget } from '#shared/platform/events/routing.ts';
import { physicalName } from '../stage.ts';
import type { DeadLetterQueue } from './dead-letter-queue.ts';
import { addRuleQueue } from './rule-queue.ts';

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
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: physicalName(stage, route.name),
      description: route.description,
      eventBus: props.bus,
      eventPattern: routePattern(route),
    });
    const ruleQueue = addRuleQueue(this, this.rule, {
      queueName: physicalName(stage, route.target.queue),
      target: route.target,
      alarmTopic: props.alarmTopic,
    });
    this.queue = ruleQueue.queue;
    this.deadLetterQueue = ruleQueue.deadLetterQueue;
    this.targetDeadLetterQueue = ruleQueue.targetDeadLetterQueue;
  }
}
