import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { QueueTarget } from '#shared/platform/events/routing.ts';
import { DeadLetterQueue } from './dead-letter-queue.ts';

export type RuleQueueProps = {
  /** Physical queue name; the DLQs are `<queueName>-dlq` and `<queueName>-target-dlq`. */
  queueName: string;
  target: QueueTarget;
  /** Where the DLQ alarms notify. */
  alarmTopic: sns.ITopic;
};

export type RuleQueue = {
  queue: sqs.Queue;
  deadLetterQueue: DeadLetterQueue;
  targetDeadLetterQueue: DeadLetterQueue;
};

/**
 * The queue a rule delivers to: SSE-SQS, TLS only, 4 days, a DLQ after the target's
 * `maxReceiveCount`, and a second DLQ on the rule target for events EventBridge could not deliver to
 * the queue at all (retried for 24 h). One definition for our routes (`QueueSubscription`) and the
 * SES events of the default bus, so both keep and redrive messages alike. Its constructs go into
 * `scope` as `Dlq`, `Queue` and `TargetDlq`.
 */
export const addRuleQueue = (scope: Construct, rule: events.Rule, props: RuleQueueProps): RuleQueue => {
  const { queueName, target, alarmTopic } = props;
  const deadLetterQueue = new DeadLetterQueue(scope, 'Dlq', { queueName: `${queueName}-dlq`, alarmTopic });
  const queue = new sqs.Queue(scope, 'Queue', {
    queueName,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: Duration.seconds(target.visibilityTimeoutSeconds),
    retentionPeriod: Duration.days(4),
    deadLetterQueue: { queue: deadLetterQueue.queue, maxReceiveCount: target.maxReceiveCount },
  });
  const targetDeadLetterQueue = new DeadLetterQueue(scope, 'TargetDlq', {
    queueName: `${queueName}-target-dlq`,
    alarmTopic,
  });
  // The target adds the queue policy for events.amazonaws.com, limited to the rule's ARN.
  rule.addTarget(
    new targets.SqsQueue(queue, {
      deadLetterQueue: targetDeadLetterQueue.queue,
      retryAttempts: 185,
      maxEventAge: Duration.hours(24),
    }),
  );
  return { queue, deadLetterQueue, targetDeadLetterQueue };
};
