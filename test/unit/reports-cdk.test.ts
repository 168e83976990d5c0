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
import { apiCatalog } from '#shared/api-catalog.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import { reportsApi } from '#shared/reports/report.api.ts';
import { REPORT_EVENTS } from '#shared/reports/report.events.ts';
import { AppFunction } from '../../lib/constructs/app-function.ts';
import { featureWirings } from '../../lib/features/index.ts';
import { reportAggregatorFeature } from '../../lib/features/report-aggregator.ts';
import { reportsFeature } from '../../lib/features/reports.ts';
import { actionsOf, statementsByRole } from '../cdk/synth-app.ts';

// The two report functions' wiring on their own, with cdk-nag AwsSolutions (the whole app: test/cdk).
let roles: Map<string, { Action: string | string[] }[]>;

beforeAll(() => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'frontoffice-reports-')) });
  const stack = new Stack(app, 'Probe');
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const bus = new events.EventBus(stack, 'Bus');
  for (const [id, feature] of [
    ['Aggregator', reportAggregatorFeature],
    ['Api', reportsFeature],
  ] as const) {
    const fn = new AppFunction(stack, id, {
      stage: 'probe',
      name: feature.functionName,
      logRetention: logs.RetentionDays.ONE_MONTH,
    });
    feature.wire(fn, { stage: 'probe', table, bus });
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  roles = statementsByRole(Template.fromStack(stack)) as never;
}, 120_000);

const actionsFor = (prefix: string): string[] => {
  const role = [...roles.keys()].find((id) => id.startsWith(prefix));
  return actionsOf((roles.get(role as string) ?? []) as never);
};

describe('reports on AWS', () => {
  it('lets the aggregator read, put and update the table: no delete, no scan, no bus', () => {
    const actions = actionsFor('Aggregator');
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

  it('lets the API only read', () => {
    const actions = actionsFor('Api');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(
      actions.filter((action) => /dynamodb:(Put|Update|Delete|Scan|BatchWrite)|events:|ses:/.test(action)),
    ).toEqual([]);
  });

  it('is registered: the API in the catalog, both wirings in lib/features', () => {
    expect(apiCatalog).toContain(reportsApi);
    expect(featureWirings).toEqual(expect.arrayContaining([reportsFeature, reportAggregatorFeature]));
  });

  it('routes every KPI event to its own queue with a DLQ-backed consumer', () => {
    const route = eventRoutes.find((candidate) => candidate.name === 'reports');
    expect(route?.target).toMatchObject({
      kind: 'queue',
      queue: 'reports',
      consumer: 'report-aggregator',
      maxReceiveCount: 5,
    });
    expect(route?.events).toEqual(REPORT_EVENTS);
  });
});
