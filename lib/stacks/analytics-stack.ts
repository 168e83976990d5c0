import {
  ArnFormat,
  Aws,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as events from 'aws-cdk-lib/aws-events';
import { addToDeadLetterQueueResourcePolicy } from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { eventRoutes } from '#shared/event-routes.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';
import { accessLogBucket } from '../constructs/access-log-bucket.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { routePattern } from '../constructs/queue-subscription.ts';
import { physicalName } from '../stage.ts';

export type AnalyticsStackProps = StackProps & {
  stage: string;
  bus: events.IEventBus;
  alarmTopic: sns.ITopic;
  /** The routing table. @default eventRoutes */
  routes?: readonly EventRoute[];
  /** Athena stops a query after scanning this many bytes. @default 1 GiB */
  bytesScannedCutoffPerQuery?: number;
};

/** Columns of the `events` table: the flat record the rule's input transformer builds. */
export const EVENT_COLUMNS = [
  { name: 'id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'version', type: 'int' },
  { name: 'occurred_at', type: 'timestamp' },
  { name: 'actor_type', type: 'string' },
  { name: 'actor_id', type: 'string' },
  { name: 'subject_type', type: 'string' },
  { name: 'subject_id', type: 'string' },
  { name: 'data', type: 'string' },
] as const;

const LAKE_PREFIX = 'events/';
const ONE_GIB = 1024 ** 3;

/**
 * Stateful: the analytics export of the `analytics` routes. Rule (with DLQ) → Firehose (DirectPut,
 * JSON → Parquet via the Glue schema) → S3 under `events/dt=yyyy-MM-dd/`; a Glue table with
 * partition projection (no crawler, no MSCK REPAIR) and an Athena workgroup with a scan cutoff.
 */
export class AnalyticsStack extends Stack {
  readonly lakeBucket: s3.Bucket;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly workGroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: AnalyticsStackProps) {
    super(scope, id, props);
    const { stage } = props;

    // --- Buckets ---------------------------------------------------------------------------
    const accessLogs = accessLogBucket(this, 'AccessLogs', 'the lake and results buckets');

    this.lakeBucket = new s3.Bucket(this, 'Lake', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'lake/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { id: 'expire-delivery-errors', prefix: 'errors/', expiration: Duration.days(30) },
        {
          id: 'tier-old-events',
          prefix: LAKE_PREFIX,
          transitions: [
            { storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) },
          ],
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const results = new s3.Bucket(this, 'QueryResults', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [{ id: 'expire-query-results', expiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // --- Glue catalog ------------------------------------------------------------------------
    const databaseName = physicalName(stage, 'analytics').replaceAll('-', '_');
    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: databaseName, description: 'Front Office business events (ids and facts).' },
    });
    const lakeLocation = `s3://${this.lakeBucket.bucketName}/${LAKE_PREFIX}`;
    const table = new glue.CfnTable(this, 'EventsTable', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName,
      tableInput: {
        name: 'events',
        description: 'One row per domain event; `data` is the event data as JSON text.',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          EXTERNAL: 'TRUE',
          'parquet.compression': 'SNAPPY',
          // Partition projection: Athena computes the dt partitions, nothing has to add them.
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2025-01-01,NOW',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': `${lakeLocation}dt=\${dt}/`,
        },
        partitionKeys: [{ name: 'dt', type: 'string' }],
        storageDescriptor: {
          location: lakeLocation,
          columns: EVENT_COLUMNS.map((column) => ({ ...column })),
          inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
            parameters: { 'serialization.format': '1' },
          },
        },
      },
    });
    table.addResourceDependency(database);

    // --- Firehose ----------------------------------------------------------------------------
    const streamName = physicalName(stage, 'events');
    const firehoseLogGroup = new logs.LogGroup(this, 'FirehoseLogs', {
      logGroupName: `/aws/kinesisfirehose/${streamName}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const firehoseLogStream = firehoseLogGroup.addStream('S3Delivery', { logStreamName: 'S3Delivery' });

    const firehoseRole = new iam.Role(this, 'FirehoseRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com'),
      externalIds: [Aws.ACCOUNT_ID],
      description: `${streamName}: writes Parquet into the lake, reads the Glue schema`,
    });
    const objectArns = [
      this.lakeBucket.arnForObjects(`${LAKE_PREFIX}*`),
      this.lakeBucket.arnForObjects('errors/*'),
    ];
    firehoseRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [this.lakeBucket.bucketArn],
      }),
    );
    firehoseRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resources: objectArns,
      }),
    );
    firehoseRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
        resources: [
          Stack.of(this).formatArn({ service: 'glue', resource: 'catalog' }),
          Stack.of(this).formatArn({ service: 'glue', resource: 'database', resourceName: databaseName }),
          Stack.of(this).formatArn({
            service: 'glue',
            resource: 'table',
            resourceName: `${databaseName}/events`,
          }),
        ],
      }),
    );
    firehoseRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:PutLogEvents'],
        resources: [
          Stack.of(this).formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: `${firehoseLogGroup.logGroupName}:log-stream:${firehoseLogStream.logStreamName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    Validations.of(firehoseRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.lakeBucket.node.defaultChild as s3.CfnBucket)}.Arn>/${LAKE_PREFIX}*]`,
      reason: 'Firehose writes objects with generated names under the events/ prefix only.',
    });
    Validations.of(firehoseRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.lakeBucket.node.defaultChild as s3.CfnBucket)}.Arn>/errors/*]`,
      reason: 'Firehose writes records it could not convert under the errors/ prefix only.',
    });

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: streamName,
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: this.lakeBucket.bucketArn,
        roleArn: firehoseRole.roleArn,
        prefix: `${LAKE_PREFIX}dt=!{timestamp:yyyy-MM-dd}/`,
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
        // Format conversion needs at least 64 MB buffers; Parquet compresses itself (SNAPPY).
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 128 },
        compressionFormat: 'UNCOMPRESSED',
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: firehoseLogGroup.logGroupName,
          logStreamName: firehoseLogStream.logStreamName,
        },
        dataFormatConversionConfiguration: {
          enabled: true,
          // OpenX: parses ISO-8601 `...Z` timestamps and keeps a nested JSON object that lands in
          // a `string` column as its JSON text (that is how `data` becomes a JSON string).
          inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
          outputFormatConfiguration: { serializer: { parquetSerDe: { compression: 'SNAPPY' } } },
          schemaConfiguration: {
            catalogId: Aws.ACCOUNT_ID,
            databaseName,
            tableName: 'events',
            region: Aws.REGION,
            roleArn: firehoseRole.roleArn,
            versionId: 'LATEST',
          },
        },
      },
    });
    // The role's policy must exist before Firehose validates access to bucket and schema.
    this.deliveryStream.node.addDependency(firehoseRole);
    this.deliveryStream.addResourceDependency(table);

    // --- Rules: analytics routes → Firehose ----------------------------------------------------
    const deliveryRole = new iam.Role(this, 'RuleDeliveryRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `EventBridge rules to ${streamName}`,
    });
    deliveryRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [this.deliveryStream.attrArn],
      }),
    );
    for (const route of (props.routes ?? eventRoutes).filter(
      (candidate) => candidate.target.kind === 'analytics',
    )) {
      const targetDlq = new DeadLetterQueue(this, `Route-${route.name}-TargetDlq`, {
        queueName: physicalName(stage, `${route.name}-target-dlq`),
        alarmTopic: props.alarmTopic,
      });
      const rule = new events.Rule(this, `Route-${route.name}`, {
        ruleName: physicalName(stage, route.name),
        description: route.description,
        eventBus: props.bus,
        eventPattern: routePattern(route),
      });
      const deliveryStream = this.deliveryStream;
      rule.addTarget({
        bind: (boundRule) => {
          addToDeadLetterQueueResourcePolicy(boundRule, targetDlq.queue);
          return {
            arn: deliveryStream.attrArn,
            role: deliveryRole,
            deadLetterConfig: { arn: targetDlq.queue.queueArn },
            retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 24 * 3600 },
            input: flatEventRecord,
            targetResource: deliveryStream,
          };
        },
      });
    }

    // --- Athena ------------------------------------------------------------------------------
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: physicalName(stage, 'analytics'),
      description: 'Front Office KPIs over the events lake; settings enforced, scans capped.',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery ?? ONE_GIB,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${results.bucketName}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    new CfnOutput(this, 'LakeBucketName', { value: this.lakeBucket.bucketName });
    new CfnOutput(this, 'GlueDatabaseName', { value: databaseName });
    new CfnOutput(this, 'AthenaWorkGroupName', { value: this.workGroup.name });
  }
}

/**
 * The rule's input transformer turns the EventBridge event into the flat record of the Glue
 * schema. An input template cannot stringify an object, so `data` is passed as the JSON object
 * itself; the OpenX JSON SerDe of the Firehose conversion stores a nested object that meets a
 * `string` column as its JSON text, so the `data` column holds the event data as JSON.
 */
const flatEventRecord = events.RuleTargetInput.fromObject({
  id: events.EventField.fromPath('$.detail.id'),
  name: events.EventField.fromPath('$.detail.name'),
  version: events.EventField.fromPath('$.detail.version'),
  occurred_at: events.EventField.fromPath('$.detail.occurredAt'),
  actor_type: events.EventField.fromPath('$.detail.actor.type'),
  actor_id: events.EventField.fromPath('$.detail.actor.id'),
  subject_type: events.EventField.fromPath('$.detail.subject.type'),
  subject_id: events.EventField.fromPath('$.detail.subject.id'),
  data: events.EventField.fromPath('$.detail.data'),
});
