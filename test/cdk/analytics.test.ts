import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '#shared/analytics/dimensions.schema.ts';
import { LAKE_COLUMNS } from '#shared/analytics/lake-row.ts';
import { EVENT_COLUMNS } from '../../lib/stacks/analytics-stack.ts';
import { synthAnalyticsStack } from './synth-analytics.ts';
import { resourcesOf, statementsByRole } from './synth-app.ts';

// The analytics stack with the stacks it takes resources from, synthesized once with cdk-nag
// AwsSolutions: `synth` throws on any unacknowledged finding.
let template: Template;

beforeAll(() => {
  template = synthAnalyticsStack();
}, 120_000);

const tableNamed = (name: string) =>
  Object.values(template.findResources('AWS::Glue::Table')).find(
    (table) => (table.Properties as { TableInput: { Name: string } }).TableInput.Name === name,
  )?.Properties as { TableInput: Record<string, unknown> } | undefined;

describe('analytics stack (acceptance: cdk synth)', () => {
  it('has the events Glue table with partition projection on dt over the events prefix', () => {
    const table = tableNamed('events')?.TableInput as {
      Parameters: Record<string, unknown>;
      PartitionKeys: unknown;
      StorageDescriptor: { Columns: unknown };
    };
    expect(table.PartitionKeys).toEqual([{ Name: 'dt', Type: 'string' }]);
    expect(table.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.dt.interval.unit': 'DAYS',
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's placeholder, not JavaScript's.
    expect(JSON.stringify(table.Parameters['storage.location.template'])).toContain('/events/dt=${dt}/');
    expect(table.StorageDescriptor.Columns).toEqual(
      EVENT_COLUMNS.map((column) => ({ Name: column.name, Type: column.type })),
    );
  });

  it('has the Athena workgroup with an enforced per-query scan limit', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
      }),
    });
  });

  it('exports through rule → Firehose with a DLQ on the rule target and retries', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule');
    expect(rules.length).toBeGreaterThan(0);
    for (const [id, rule] of rules) {
      const targets = rule.Properties?.Targets as {
        Arn: unknown;
        DeadLetterConfig?: { Arn: unknown };
        RetryPolicy?: unknown;
      }[];
      for (const target of targets) {
        expect(JSON.stringify(target.Arn), id).toContain('DeliveryStream');
        expect(target.DeadLetterConfig?.Arn, id).toBeDefined();
        expect(target.RetryPolicy, id).toBeDefined();
      }
    }
    const dlqs = resourcesOf(template, 'AWS::SQS::Queue').map(
      ([, queue]) => (queue.Properties as { QueueName: string }).QueueName,
    );
    expect(dlqs).toContain('frontoffice-test-analytics-export-target-dlq');
  });

  it('builds the same flat record as the local lakeRow: the input template has exactly the lake columns', () => {
    expect([...LAKE_COLUMNS]).toEqual(EVENT_COLUMNS.map((column) => column.name));
    for (const [id, rule] of resourcesOf(template, 'AWS::Events::Rule')) {
      const targets = rule.Properties?.Targets as { InputTransformer: { InputTemplate: string } }[];
      for (const target of targets) {
        const keys = [...target.InputTransformer.InputTemplate.matchAll(/"([a-z_]+)":</g)].map(
          (match) => match[1],
        );
        expect(keys, id).toEqual([...LAKE_COLUMNS]);
      }
    }
  });

  it('partitions Firehose output by the day the event occurred, as the local lake writer does', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'events/dt=!{partitionKeyFromQuery:dt}/',
        DynamicPartitioningConfiguration: Match.objectLike({ Enabled: true }),
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [
            {
              Type: 'MetadataExtraction',
              Parameters: Match.arrayWith([
                { ParameterName: 'MetadataExtractionQuery', ParameterValue: '{dt: .occurred_at[0:10]}' },
              ]),
            },
          ],
        },
      }),
    });
  });

  it('expires query results and aborts incomplete uploads in the results bucket', () => {
    const results = resourcesOf(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('QueryResults'));
    const lifecycle = results?.[1].Properties?.LifecycleConfiguration as
      | { Rules: Record<string, unknown>[] }
      | undefined;
    const rules = lifecycle?.Rules;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Id: 'expire-query-results', ExpirationInDays: 30, Status: 'Enabled' }),
        expect.objectContaining({
          Id: 'abort-incomplete-uploads',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        }),
      ]),
    );
  });

  it('has per dimension a JSON table with partition projection and a dim_<name> view (latest row per id)', () => {
    for (const dimension of DIMENSIONS) {
      const rows = tableNamed(`dimension_${dimension.name}_rows`)?.TableInput as {
        Parameters: Record<string, unknown>;
        StorageDescriptor: { Columns: unknown; SerdeInfo: unknown };
      };
      expect(rows.Parameters).toMatchObject({ 'projection.enabled': 'true', 'projection.dt.type': 'date' });
      expect(JSON.stringify(rows.Parameters['storage.location.template'])).toContain(
        `/dimensions/${dimension.name}/dt=\${dt}/`,
      );
      expect(rows.StorageDescriptor.Columns).toEqual(
        dimension.columns.map((column) => ({ Name: column.name, Type: column.glue })),
      );
      const view = tableNamed(`dim_${dimension.name}`)?.TableInput as {
        TableType: string;
        ViewOriginalText: string;
      };
      expect(view.TableType).toBe('VIRTUAL_VIEW');
      const encoded = /\/\* Presto View: (.+) \*\//.exec(view.ViewOriginalText)?.[1] ?? '';
      const presto = JSON.parse(Buffer.from(encoded, 'base64').toString()) as { originalSql: string };
      expect(presto.originalSql).toContain(`"dimension_${dimension.name}_rows"`);
      expect(presto.originalSql).toContain('PARTITION BY id ORDER BY snapshot_at DESC');
    }
  });

  it('runs the dimensions snapshot hourly through EventBridge Scheduler with a DLQ, writing only dimensions/', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      Target: Match.objectLike({ DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }) }),
    });
    const fn = resourcesOf(template, 'AWS::Lambda::Function').find(
      ([, candidate]) => candidate.Properties?.FunctionName === 'frontoffice-test-dimensions-snapshot',
    )?.[1];
    if (!fn) throw new Error('no dimensions-snapshot function');
    const role = fn.Properties?.Role as { 'Fn::GetAtt': [string] };
    const roleRef = role['Fn::GetAtt'][0];
    const statements = statementsByRole(template).get(roleRef) ?? [];
    const s3 = statements.filter((statement) => JSON.stringify(statement.Action).includes('s3:'));
    expect(s3.map((statement) => statement.Action)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(s3[0]?.Resource)).toContain('/dimensions/*');
    const dynamo = statements.flatMap((statement) =>
      [statement.Action].flat().filter((action) => String(action).startsWith('dynamodb:')),
    );
    expect(new Set(dynamo)).toEqual(new Set(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']));
  });
});
