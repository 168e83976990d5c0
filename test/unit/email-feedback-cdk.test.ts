import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bindEngagementTracking,
  emailFeedbackFeature,
  emailFeedbackTimeout,
  SesEventsSubscription,
} from '../../lib/features/email-feedback.ts';
import { resourcesOf, statementsByRole } from '../cdk/synth-app.ts';
import { roleActions, synthProbe } from '../cdk/synth-probe.ts';

// The SES events wiring on its own (the whole app is covered by test/cdk): synthesized with
// cdk-nag AwsSolutions, so any unacknowledged finding throws here.
let template: Template;

beforeAll(() => {
  template = synthProbe(({ stack, fn, wire }) => {
    const consumer = wire('Consumer', emailFeedbackFeature, { timeout: emailFeedbackTimeout() });
    // Any existing entry stands in for the campaign sender: what is under test is the grant.
    bindEngagementTracking(fn('Sender', 'order-mailer'), 'probe');
    new SesEventsSubscription(stack, 'SesEvents', {
      stage: 'probe',
      consumer,
      alarmTopic: new sns.Topic(stack, 'Alarms', { enforceSSL: true }),
    });
  });
}, 120_000);

describe('SES engagement events on AWS', () => {
  it('publishes sends, deliveries, opens, clicks, bounces and complaints to the default bus', () => {
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'frontoffice-probe-engagement' });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        MatchingEventTypes: Match.arrayWith(['send', 'delivery', 'open', 'click', 'bounce', 'complaint']),
        EventBridgeDestination: { EventBusArn: Match.anyValue() },
      }),
    });
    const destination = JSON.stringify(template.findResources('AWS::SES::ConfigurationSetEventDestination'));
    expect(destination).toContain('event-bus/default');
  });

  it('routes aws.ses events from the default bus to the queue, with a DLQ for undeliverable events', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1] as { Properties: Record<string, unknown> };
    expect(rule.Properties.EventBusName).toBeUndefined();
    expect(rule.Properties.Name).toBe('frontoffice-probe-ses-events');
    expect(rule.Properties.EventPattern).toEqual({
      source: ['aws.ses'],
      'detail-type': [
        'Email Sent',
        'Email Delivered',
        'Email Opened',
        'Email Clicked',
        'Email Bounced',
        'Email Complaint Received',
      ],
    });
    const targets = rule.Properties.Targets as { DeadLetterConfig?: unknown }[];
    expect(targets).toHaveLength(1);
    expect(targets[0]?.DeadLetterConfig).toBeDefined();
  });

  it('lets only that rule send to the queue, over TLS', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
    expect(JSON.stringify(template.findResources('AWS::SQS::QueuePolicy'))).toContain('aws:SecureTransport');
  });

  it('keeps failed messages: DLQ after 5 receives, alarms on every DLQ', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'frontoffice-probe-ses-events',
      VisibilityTimeout: 60,
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: Match.anyValue() },
      SqsManagedSseEnabled: true,
    });
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(
      ([, alarm]) => alarm.Properties?.AlarmName,
    );
    expect(alarms.sort()).toEqual([
      'frontoffice-probe-ses-events-dlq-messages-visible',
      'frontoffice-probe-ses-events-target-dlq-messages-visible',
    ]);
  });

  it('consumes in batches of 10 with partial batch failures, within a sixth of the visibility timeout', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: 'frontoffice-probe-email-feedback',
      Timeout: 10,
    });
  });

  it('grants the consumer table reads and transactional writes, no delete, no SES, no bus', () => {
    const actions = roleActions(template, 'Consumer');
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
    );
    expect(actions.some((action) => action.startsWith('ses:') || action.startsWith('events:'))).toBe(false);
    expect(actions).not.toContain('dynamodb:DeleteItem');
  });

  it('lets a sender use the configuration set, and tells it the name', () => {
    const roles = statementsByRole(template);
    const senderRole = [...roles.keys()].find((id) => id.startsWith('Sender'));
    const statements = roles.get(senderRole as string) ?? [];
    expect(JSON.stringify(statements)).toContain('configuration-set/frontoffice-probe-engagement');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SES_CONFIGURATION_SET: 'frontoffice-probe-engagement' }) },
    });
  });
});
