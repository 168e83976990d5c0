import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventRoutes } from '#shared/event-routes.ts';
import { customerValueFeature } from '../../lib/features/customer-value.ts';
import { resourcesOf } from '../cdk/synth-app.ts';
import { roleActions, synthProbe } from '../cdk/synth-probe.ts';

// The customer-value wiring on its own, with cdk-nag AwsSolutions (the whole app: test/cdk).
let template: Template;

beforeAll(() => {
  template = synthProbe((probe) => probe.wire('Consumer', customerValueFeature));
}, 120_000);

describe('customer value on AWS', () => {
  it('runs the daily pass from a rate(1 day) rule with { daily: true }', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1] as { Properties: Record<string, unknown> };
    expect(rule.Properties.Name).toBe('frontoffice-probe-customer-value-daily');
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 day)');
    const targets = rule.Properties.Targets as { Input?: string; RetryPolicy?: unknown }[];
    expect(targets).toHaveLength(1);
    expect(JSON.parse(targets[0]?.Input ?? '{}')).toEqual({ daily: true });
  });

  it('grants reads and transactional puts and updates on the table, no delete, no bus', () => {
    const actions = roleActions(template, 'Consumer');
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
    );
    expect(actions.filter((action) => /Delete|Scan|events:|ses:/.test(action))).toEqual([]);
  });

  it('has its own queue route with a DLQ-backed consumer and a visibility that fits the daily pass', () => {
    const route = eventRoutes.find((candidate) => candidate.name === 'customer-value');
    expect(route?.target).toMatchObject({ kind: 'queue', consumer: 'customer-value', maxReceiveCount: 5 });
    const target = route?.target;
    // The consumer's timeout is a sixth of the visibility: 5 minutes for the daily pass.
    expect(target?.kind === 'queue' ? target.visibilityTimeoutSeconds / 6 : 0).toBe(300);
    expect(route?.events).toEqual(
      expect.arrayContaining(['order.placed', 'ticket.opened', 'email.complained']),
    );
  });
});
