import { readdirSync } from 'node:fs';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { kpiViewSql, stripSqlComments } from '#shared/analytics/kpi.ts';
import { KPI_NAMES, kpiViewName } from '#shared/analytics/kpi-names.ts';
import { synthAnalyticsStack } from './synth-analytics.ts';

// The analytics stack synthesized offline with cdk-nag AwsSolutions (synth throws on any
// unacknowledged finding): the KPI views of analytics/views/ become Athena views on deploy.
let template: Template;

beforeAll(() => {
  template = synthAnalyticsStack();
}, 180_000);

type ViewResource = {
  Properties: { Create: unknown; Update: unknown; Delete: unknown };
  DependsOn?: string[];
};
/** The SDK call a Custom::AthenaView makes (CDK renders it as JSON text with tokens). */
const call = (value: unknown): { parameters: { QueryString: string; WorkGroup: unknown } } =>
  JSON.parse(
    typeof value === 'string'
      ? value
      : ((value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1] as unknown[])
          .map((part) => (typeof part === 'string' ? part : '"TOKEN"'))
          .join(''),
  );

describe('KPI views in Athena (cdk synth)', () => {
  it('creates one view per KPI file with its SQL in the workgroup, and drops it on delete', () => {
    const files = readdirSync(new URL('../../analytics/views/', import.meta.url)).filter((file) =>
      file.endsWith('.sql'),
    );
    const views = Object.values(template.findResources('Custom::AthenaView')) as ViewResource[];
    expect(views).toHaveLength(files.length);
    expect(views).toHaveLength(KPI_NAMES.length);
    const byQuery = new Map(views.map((view) => [call(view.Properties.Create).parameters.QueryString, view]));
    for (const name of KPI_NAMES) {
      const view = byQuery.get(stripSqlComments(kpiViewSql(name)));
      expect(view, name).toBeDefined();
      expect(call(view?.Properties.Update).parameters.QueryString).toBe(stripSqlComments(kpiViewSql(name)));
      expect(call(view?.Properties.Delete).parameters.QueryString).toBe(
        `DROP VIEW IF EXISTS ${kpiViewName(name)}`,
      );
      expect(JSON.stringify(view?.Properties.Create)).toContain('WorkGroup');
      expect(view?.DependsOn?.some((id) => id.startsWith('WorkGroup'))).toBe(true);
      expect(view?.DependsOn?.some((id) => id.startsWith('EventsTable'))).toBe(true);
      expect(view?.DependsOn?.some((id) => id.startsWith('DimensionViewcampaigns'))).toBe(true);
    }
  });

  it('grants the view creator only its workgroup, the kpi_ tables and the results prefix', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      JSON.stringify(policy).includes('athena:StartQueryExecution'),
    );
    expect(policies).toHaveLength(1);
    const text = JSON.stringify(policies[0]);
    expect(text).toContain('glue:CreateTable');
    expect(text).toContain('/kpi_*');
    expect(text).toContain('/athena/*');
    expect(text).not.toMatch(/"Resource":"\*"/);
  });
});
