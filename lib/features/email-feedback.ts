import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { sesEventsRoute } from '#shared/engagement/ses-events.route.ts';
import type { AppFunction, TableAction } from '../constructs/app-function.ts';
import type { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { addRuleQueue } from '../constructs/rule-queue.ts';
import { physicalName } from '../stage.ts';
import { defineFeature } from './feature.ts';

/**
 * Reads recipients, contacts, leads, settings and suppression entries (GetItem, Query); records an
 * engagement in one transaction: recipient and stats updates, outbox event, suppression entry,
 * lead behaviour, score history and the lead itself (Put, Update, ConditionCheck). Never deletes.
 */
const EMAIL_FEEDBACK_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
];

/** Engagement feedback: the consumer of the `ses-events` queue (`SesEventsSubscription`). */
export const emailFeedbackFeature = defineFeature({
  functionName: 'email-feedback',
  description: 'Front Office engagement feedback: SES events → campaign stats, email.* events, suppressions',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, EMAIL_FEEDBACK_TABLE);
  },
});

/** The configuration set campaign and sequence mail is sent with, so SES publishes its events. */
export const engagementConfigurationSetName = (stage: string): string => physicalName(stage, 'engagement');

/**
 * For the senders of campaign and sequence mail: lets the function send with the engagement
 * configuration set (SES authorises SendEmail on the configuration set too) and sets
 * SES_CONFIGURATION_SET, which the sender passes as `ConfigurationSetName`.
 */
export const bindEngagementTracking = (fn: AppFunction, stage: string): void => {
  const name = engagementConfigurationSetName(stage);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        Stack.of(fn).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: name }),
      ],
    }),
  );
  fn.addEnvironment('SES_CONFIGURATION_SET', name);
};

export type SesEventsSubscriptionProps = {
  stage: string;
  /** The `email-feedback` function. */
  consumer: AppFunction;
  /** Where the DLQ alarms notify. */
  alarmTopic: sns.ITopic;
};

/**
 * SES engagement events end to end: the configuration set with an EventBridge destination (SES
 * publishes to the account's DEFAULT bus, never to a custom one), a rule on the default bus for
 * `source: aws.ses` and the detail-types taken, the queue with its DLQ (and a DLQ for events the
 * rule could not deliver), and the consumer with partial batch failures.
 */
export class SesEventsSubscription extends Construct {
  readonly configurationSet: ses.ConfigurationSet;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly targetDeadLetterQueue: DeadLetterQueue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SesEventsSubscriptionProps) {
    super(scope, id);
    const { stage } = props;
    const { target } = sesEventsRoute;
    const defaultBus = events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');

    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: engagementConfigurationSetName(stage),
      reputationMetrics: true,
    });
    this.configurationSet.addEventDestination('EventBridge', {
      destination: ses.EventDestination.eventBus(defaultBus),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.OPEN,
        ses.EmailSendingEvent.CLICK,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
      ],
    });

    // No `eventBus`: the rule lives on the default bus, where SES puts its events.
    this.rule = new events.Rule(this, 'Rule', {
      ruleName: physicalName(stage, sesEventsRoute.name),
      description: sesEventsRoute.description,
      eventPattern: {
        source: [...sesEventsRoute.pattern.source],
        detailType: [...sesEventsRoute.pattern.detailType],
      },
    });
    const ruleQueue = addRuleQueue(this, this.rule, {
      queueName: physicalName(stage, target.queue),
      target,
      alarmTopic: props.alarmTopic,
    });
    this.queue = ruleQueue.queue;
    this.deadLetterQueue = ruleQueue.deadLetterQueue;
    this.targetDeadLetterQueue = ruleQueue.targetDeadLetterQueue;

    props.consumer.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: target.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: target.maxConcurrency,
      }),
    );
  }
}

/** The consumer's timeout: at most a sixth of the queue's visibility timeout (Lambda's guidance). */
export const emailFeedbackTimeout = (): Duration =>
  Duration.seconds(Math.max(3, Math.floor(sesEventsRoute.target.visibilityTimeoutSeconds / 6)));
