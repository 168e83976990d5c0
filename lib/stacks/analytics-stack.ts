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
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import { addToDeadLetterQueueResourcePolicy } from 'aws-cdk-lib/aws-events-targets';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { DIMENSIONS, type Dimension } from '#shared/analytics/dimensions.schema.ts';
import { kpiViewSql, stripSqlComments } from '#shared/analytics/kpi.ts';
import { KPI_NAMES, kpiViewName } from '#shared/analytics/kpi-names.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';
import { accessLogBucket } from '../constructs/access-log-bucket.ts';
import { AppFunction } from '../constructs/app-function.ts';
import { AthenaViews } from '../constructs/athena-views.ts';
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
  /**
   * The table the hourly dimensions snapshot reads (lib/frontoffice.ts passes it); without it the
   * stack has no snapshot function (a stack synthesized on its own).
   */
  table?: dynamodb.ITable;
  /** Log retention of the snapshot function. @default one month */
  logRetention?: logs.RetentionDays;
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
const DIMENSIONS_PREFIX = 'dimensions/';
const ONE_GIB = 1024 ** 3;

/** Presto/Trino type of a Glue column, as Athena writes it into a view definition. */
const prestoType = (glueType: string): string =>
  glueType === 'string' ? 'varchar' : glueType === 'int' ? 'integer' : 'timestamp(3)';

/** Partition projection on `dt` (yyyy-MM-dd) under `location`: no crawler, no MSCK REPAIR. */
const dtProjection = (location: string): Record<string, string> => ({
  'projection.enabled': 'true',
  'projection.dt.type': 'date',
  'projection.dt.format': 'yyyy-MM-dd',
  'projection.dt.range': '2025-01-01,NOW',
  'projection.dt.interval': '1',
  'projection.dt.interval.unit': 'DAYS',
  'storage.location.template': `${location}dt=\${dt}/`,
});

/**
 * Stateful: the analytics export of the `analytics` routes. Rule (with DLQ) → Firehose (DirectPut,
 * JSON → Parquet via the Glue schema) → S3 under `events/dt=yyyy-MM-dd/`; a Glue table with
 * partition projection (no crawler, no MSCK REPAIR) and an Athena workgroup with a scan cutoff.
 */
export class AnalyticsStack extends Stack {
  readonly lakeBucket: s3.Bucket;
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly workGroup: athena.CfnWorkGroup;
  private readonly alarmTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AnalyticsStackProps) {
    super(scope, id, props);
    const { stage } = props;
    this.alarmTopic = props.alarmTopic;

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
      lifecycleRules: [
        { id: 'expire-query-results', expiration: Duration.days(30) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
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
          ...dtProjection(lakeLocation),
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
        // Dynamic partitioning: the partition is the day the event occurred (UTC), as locally
        // (local/lake), not the day Firehose received it.
        prefix: `${LAKE_PREFIX}dt=!{partitionKeyFromQuery:dt}/`,
        errorOutputPrefix: 'errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
        dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
        processingConfiguration: {
          enabled: true,
          processors: [
            {
              type: 'MetadataExtraction',
              parameters: [
                { parameterName: 'MetadataExtractionQuery', parameterValue: '{dt: .occurred_at[0:10]}' },
                { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
              ],
            },
          ],
        },
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

    // --- Dimensions: hourly snapshot → dimensions/<name>/dt=…/ (gzip JSON lines) -------------------
    for (const dimension of DIMENSIONS) this.dimensionTables(dimension, databaseName, database);
    if (props.table) this.snapshotFunction(stage, props.table, props.logRetention);

    new CfnOutput(this, 'LakeBucketName', { value: this.lakeBucket.bucketName });
    new CfnOutput(this, 'GlueDatabaseName', { value: databaseName });
    new CfnOutput(this, 'AthenaWorkGroupName', { value: this.workGroup.name });

    // --- KPI views (analytics/views/*.sql, docs/kpis.md): created in Athena on deploy -------------
    new AthenaViews(this, 'KpiViews', {
      workGroup: this.workGroup,
      databaseName,
      resultsBucket: results,
      namePrefix: 'kpi_',
      views: KPI_NAMES.map((name) => ({ name: kpiViewName(name), sql: stripSqlComments(kpiViewSql(name)) })),
      dependsOn: [
        table,
        ...DIMENSIONS.map((dimension) => this.node.findChild(`DimensionView-${dimension.name}`)),
      ],
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
  }

  /**
   * A dimension in Athena: the table `dimension_<name>_rows` over the snapshot files (one row per
   * record version, Hive JSON SerDe, partition projection on `dt`) and the view `dim_<name>` with
   * the latest row per id, the same view DuckDB has locally (shared/analytics/duckdb-lake.ts).
   */
  private dimensionTables(dimension: Dimension, databaseName: string, database: glue.CfnDatabase): void {
    const location = `s3://${this.lakeBucket.bucketName}/${DIMENSIONS_PREFIX}${dimension.name}/`;
    const rowsTable = `dimension_${dimension.name}_rows`;
    const columns = dimension.columns.map((column) => ({ name: column.name, type: column.glue }));
    const rows = new glue.CfnTable(this, `Dimension-${dimension.name}`, {
      catalogId: Aws.ACCOUNT_ID,
      databaseName,
      tableInput: {
        name: rowsTable,
        description: `Snapshots of ${dimension.name}: one row per record version (ids and codes only).`,
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'json', EXTERNAL: 'TRUE', ...dtProjection(location) },
        partitionKeys: [{ name: 'dt', type: 'string' }],
        storageDescriptor: {
          location,
          columns,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: { serializationLibrary: 'org.apache.hive.hcatalog.data.JsonSerDe' },
        },
      },
    });
    rows.addResourceDependency(database);
    const names = dimension.columns.map((column) => column.name).join(', ');
    const originalSql =
      `SELECT ${names} FROM (SELECT ${names}, row_number() OVER (PARTITION BY id ORDER BY snapshot_at DESC) AS rn ` +
      `FROM "${databaseName}"."${rowsTable}") WHERE rn = 1`;
    const prestoView = {
      originalSql,
      catalog: 'awsdatacatalog',
      schema: databaseName,
      columns: dimension.columns.map((column) => ({ name: column.name, type: prestoType(column.glue) })),
    };
    const view = new glue.CfnTable(this, `DimensionView-${dimension.name}`, {
      catalogId: Aws.ACCOUNT_ID,
      databaseName,
      tableInput: {
        name: `dim_${dimension.name}`,
        description: `Latest snapshot row per ${dimension.name} id.`,
        tableType: 'VIRTUAL_VIEW',
        parameters: { presto_view: 'true', comment: 'Presto View' },
        viewOriginalText: `/* Presto View: ${Buffer.from(JSON.stringify(prestoView)).toString('base64')} */`,
        viewExpandedText: '/* Presto View */',
        storageDescriptor: { columns, serdeInfo: {} },
      },
    });
    view.addResourceDependency(rows);
  }

  /** The hourly snapshot function: reads the table's listings, writes under `dimensions/`. */
  private snapshotFunction(stage: string, table: dynamodb.ITable, logRetention?: logs.RetentionDays): void {
    const fn = new AppFunction(this, 'Fn-dimensions-snapshot', {
      stage,
      name: 'dimensions-snapshot',
      description: 'Front Office dimensions snapshot: changed records → lake dimensions/ (hourly)',
      timeout: Duration.minutes(5),
      memorySize: 512,
      logRetention: logRetention ?? logs.RetentionDays.ONE_MONTH,
      environment: { LAKE_BUCKET: this.lakeBucket.bucketName },
    });
    // Reads listings and settings, writes only its checkpoint item.
    fn.bindTable(table, ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']);
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.lakeBucket.arnForObjects(`${DIMENSIONS_PREFIX}*`)],
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.lakeBucket.node.defaultChild as s3.CfnBucket)}.Arn>/${DIMENSIONS_PREFIX}*]`,
      reason: 'The snapshot writes objects with generated names under the dimensions/ prefix only.',
    });
    // EventBridge Scheduler (not a bus rule: the bus rules are exactly the routing table).
    const schedulerRole = new iam.Role(this, 'DimensionsSchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'EventBridge Scheduler: invokes the dimensions snapshot function',
    });
    Validations.of(schedulerRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(fn.function.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason:
        "Lambda's grantInvoke covers the function's versions and aliases (`:*`) of this one function only.",
    });
    new scheduler.Schedule(this, 'DimensionsHourly', {
      scheduleName: physicalName(stage, 'dimensions-hourly'),
      description: 'Hourly: snapshot the records changed since the last run into the lake dimensions.',
      schedule: scheduler.ScheduleExpression.rate(Duration.hours(1)),
      target: new schedulerTargets.LambdaInvoke(fn.function, {
        role: schedulerRole,
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: new DeadLetterQueue(this, 'DimensionsSnapshotDlq', {
          queueName: physicalName(stage, 'dimensions-snapshot-dlq'),
          alarmTopic: this.alarmTopic,
        }).queue,
      }),
    });
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
