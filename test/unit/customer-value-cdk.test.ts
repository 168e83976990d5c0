import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventRoutes } from '#shared/event-routes.ts';
import { AppFunction } from '../../lib/constructs/app-function.ts';
import { customerValueFeature } from '../../lib/features/customer-value.ts';
import { actionsOf, resourcesOf, statementsByRole } from '../cdk/synth-app.ts';

// The customer-value wiring on its own, with cdk-nag AwsSolutions (the whole app: test/cdk).
let template: Template;

beforeAll(() => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'frontoffice-customer-value-')) });
  const stack = new Stack(app, 'Probe');
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const fn = new AppFunction(stack, 'Consumer', {
    stage: 'probe',
    name: 'customer-value',
    logRetention: logs.RetentionDays.ONE_MONTH,
  });
  customerValueFeature.wire(fn, { stage: 'probe', table, bus: new events.EventBus(stack, 'Bus') });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  template = Template.fromStack(stack);
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
    const roles = statementsByRole(template);
    const consumerRole = [...roles.keys()].find((id) => id.startsWith('Consumer'));
    const actions = actionsOf(roles.get(consumerRole as string) ?? []);
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
