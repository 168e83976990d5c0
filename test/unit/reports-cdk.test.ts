import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiCatalog } from '#shared/api-catalog.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import { reportsApi } from '#shared/reports/report.api.ts';
import { REPORT_EVENTS } from '#shared/reports/report.events.ts';
import { featureWirings } from '../../lib/features/index.ts';
import { reportAggregatorFeature } from '../../lib/features/report-aggregator.ts';
import { reportsFeature } from '../../lib/features/reports.ts';
import { roleActions, synthProbe } from '../cdk/synth-probe.ts';

// The two report functions' wiring on their own, with cdk-nag AwsSolutions (the whole app: test/cdk).
let template: Template;

beforeAll(() => {
  template = synthProbe(({ wire }) => {
    wire('Aggregator', reportAggregatorFeature);
    wire('Api', reportsFeature);
  });
}, 120_000);

describe('reports on AWS', () => {
  it('lets the aggregator read, put and update the table: no delete, no scan, no bus', () => {
    const actions = roleActions(template, 'Aggregator');
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
    const actions = roleActions(template, 'Api');
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
