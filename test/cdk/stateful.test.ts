import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventRoutes } from '#shared/event-routes.ts';
import { INDEXES } from '#shared/platform/db/keys.ts';
import { TTL_ATTRIBUTE } from '#shared/platform/db/table-definition.ts';
import { parseStage } from '../../lib/stage.ts';
import { resourcesOf, type SynthesizedApp, synthFrontOffice } from './synth-app.ts';

let app: SynthesizedApp;

// One synthesis (with cdk-nag AwsSolutions) for the whole file: bundling takes seconds.
beforeAll(() => {
  app = synthFrontOffice('test');
}, 120_000);

describe('cdk-nag', () => {
  it('synthesizes the whole app with AwsSolutions and no unacknowledged finding', () => {
    expect(Object.keys(app.templates)).toEqual(['data', 'events', 'analytics', 'auth', 'api']);
  });

  it('really fails synthesis on a finding (the check is not silently off)', () => {
    const probe = new App();
    new s3.Bucket(new Stack(probe, 'Probe'), 'PlainBucket');
    Validations.of(probe).addPlugins(new AwsSolutionsChecks(probe));
    expect(() => probe.synth()).toThrow(/AwsSolutions-S10/);
  });
});

describe('stage', () => {
  it('accepts short lower-case names and rejects anything else', () => {
    expect(parseStage('prod').stage).toBe('prod');
    for (const bad of [undefined, '', 'Prod', 'a', 'with space', 'x'.repeat(13), 42]) {
      expect(() => parseStage(bad), String(bad)).toThrow(/Invalid stage/);
    }
  });
});

describe('the single table', () => {
  it('matches tableDefinition: pk/sk, gsi1..gsi6 with ALL projection, on demand', () => {
    app.templates.data.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'frontoffice-test-table',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: Object.entries(INDEXES).map(([name, index]) => ({
        IndexName: name,
        KeySchema: [
          { AttributeName: index.pk, KeyType: 'HASH' },
          { AttributeName: index.sk, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('has PITR, a NEW_AND_OLD_IMAGES stream, KMS encryption with its own key, TTL and protection', () => {
    app.templates.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
    app.templates.data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('events', () => {
  it('archives every frontoffice event for replay', () => {
    app.templates.events.hasResourceProperties('AWS::Events::Archive', {
      EventPattern: { source: ['frontoffice'] },
      RetentionDays: 365,
    });
  });

  it('gives every queue a DLQ (RedrivePolicy) unless it is a DLQ itself, with the route maxReceiveCount', () => {
    for (const template of Object.values(app.templates)) {
      for (const [id, queue] of resourcesOf(template, 'AWS::SQS::Queue')) {
        const props = queue.Properties as { QueueName: string; RedrivePolicy?: { maxReceiveCount: number } };
        if (props.QueueName.endsWith('-dlq')) continue;
        expect(props.RedrivePolicy, id).toBeDefined();
        const route = eventRoutes.find(
          (candidate) =>
            candidate.target.kind === 'queue' &&
            props.QueueName === `frontoffice-test-${candidate.target.queue}`,
        );
        if (route?.target.kind === 'queue') {
          expect(props.RedrivePolicy?.maxReceiveCount).toBe(route.target.maxReceiveCount);
        }
      }
    }
  });

  it('enforces TLS and encryption on every queue', () => {
    for (const template of Object.values(app.templates)) {
      for (const [id, queue] of resourcesOf(template, 'AWS::SQS::Queue')) {
        expect(queue.Properties?.SqsManagedSseEnabled, id).toBe(true);
      }
      for (const [id, policy] of resourcesOf(template, 'AWS::SQS::QueuePolicy')) {
        expect(JSON.stringify(policy.Properties), id).toContain('aws:SecureTransport');
      }
    }
  });

  it('turns every route into a rule whose targets all have a dead-letter config', () => {
    const rules = [app.templates.events, app.templates.analytics].flatMap((template) =>
      resourcesOf(template, 'AWS::Events::Rule'),
    );
    expect(rules.map(([, rule]) => rule.Properties?.Name).sort()).toEqual(
      eventRoutes.map((route) => `frontoffice-test-${route.name}`).sort(),
    );
    for (const [id, rule] of rules) {
      const targets = rule.Properties?.Targets as { DeadLetterConfig?: { Arn: unknown } }[];
      expect(targets.length, id).toBeGreaterThan(0);
      for (const target of targets) expect(target.DeadLetterConfig?.Arn, id).toBeDefined();
    }
  });

  it('matches the route events on detail-type, from the frontoffice source only', () => {
    app.templates.events.hasResourceProperties('AWS::Events::Rule', {
      Name: 'frontoffice-test-erp-sync',
      EventPattern: { source: ['frontoffice'], 'detail-type': ['order.placed'] },
    });
  });

  it('alarms on every DLQ as soon as a message is visible', () => {
    for (const template of [app.templates.events, app.templates.analytics]) {
      const dlqs = resourcesOf(template, 'AWS::SQS::Queue').filter(([, queue]) =>
        String(queue.Properties?.QueueName).endsWith('-dlq'),
      );
      expect(dlqs.length).toBeGreaterThan(0);
      for (const [dlqId] of dlqs) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Namespace: 'AWS/SQS',
          Threshold: 0,
          ComparisonOperator: 'GreaterThanThreshold',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        });
      }
    }
  });
});

describe('analytics', () => {
  it('declares the events table with dt partition projection over the lake prefix', () => {
    app.templates.analytics.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'events',
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        Parameters: Match.objectLike({
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'storage.location.template': Match.objectLike({
            // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's placeholder, not JavaScript's.
            'Fn::Join': Match.arrayWith([Match.arrayWith(['/events/dt=${dt}/'])]),
          }),
        }),
        StorageDescriptor: Match.objectLike({
          Columns: [
            { Name: 'id', Type: 'string' },
            { Name: 'name', Type: 'string' },
            { Name: 'version', Type: 'int' },
            { Name: 'occurred_at', Type: 'timestamp' },
            { Name: 'actor_type', Type: 'string' },
            { Name: 'actor_id', Type: 'string' },
            { Name: 'subject_type', Type: 'string' },
            { Name: 'subject_id', Type: 'string' },
            { Name: 'data', Type: 'string' },
          ],
        }),
      }),
    });
  });

  it('delivers through Firehose as Parquet, partitioned by day, encrypted', () => {
    app.templates.analytics.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: 'events/dt=!{partitionKeyFromQuery:dt}/',
        ErrorOutputPrefix: Match.stringLikeRegexp('!\\{firehose:error-output-type\\}'),
        DataFormatConversionConfiguration: Match.objectLike({
          Enabled: true,
          OutputFormatConfiguration: { Serializer: { ParquetSerDe: Match.anyValue() } },
          SchemaConfiguration: Match.objectLike({ TableName: 'events' }),
        }),
      }),
    });
  });

  it('flattens the event into the Glue record with an input transformer', () => {
    app.templates.analytics.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['frontoffice'] },
      Targets: [
        Match.objectLike({
          InputTransformer: {
            InputPathsMap: Match.objectLike({
              'detail-occurredAt': '$.detail.occurredAt',
              'detail-data': '$.detail.data',
            }),
            InputTemplate: Match.stringLikeRegexp('"occurred_at":<detail-occurredAt>'),
          },
        }),
      ],
    });
  });

  it('caps Athena scans and enforces the workgroup settings, with encrypted results', () => {
    app.templates.analytics.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1024 ** 3,
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } }),
      }),
    });
  });

  it('blocks public access and requires TLS on every bucket', () => {
    for (const [id, bucket] of resourcesOf(app.templates.analytics, 'AWS::S3::Bucket')) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    expect(resourcesOf(app.templates.analytics, 'AWS::S3::BucketPolicy').length).toBe(3);
  });
});
