import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import type { Construct } from 'constructs';
import { INDEXES } from '#shared/platform/db/keys.ts';
import { TTL_ATTRIBUTE } from '#shared/platform/db/table-definition.ts';
import { accessLogBucket } from '../constructs/access-log-bucket.ts';
import { INBOUND_MAIL_PREFIX, mailBucketName } from '../features/inbound-mail.ts';
import { physicalName } from '../stage.ts';

export type DataStackProps = StackProps & { stage: string };

/**
 * Stateful: the single table (keys and indexes from `INDEXES`, the same source as
 * `tableDefinition` for DynamoDB Local) encrypted with its own rotating key. Retained on delete.
 */
export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly tableKey: kms.Key;
  /** Raw inbound mail (`inbound/`, from SES receiving) and ticket attachments (`attachments/`). */
  readonly mailBucket: s3.Bucket;
  /** SES receiving: activate it once per account and region (docs/inbound-mail.md). */
  readonly inboundRuleSet: ses.ReceiptRuleSet;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);

    this.tableKey = new kms.Key(this, 'TableKey', {
      alias: `alias/${physicalName(props.stage, 'table')}`,
      description: `Front Office ${props.stage}: encryption of the single table and its stream`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table = new dynamodb.Table(this, 'Table', {
      tableName: physicalName(props.stage, 'table'),
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.tableKey,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [indexName, index] of Object.entries(INDEXES)) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.pk, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sk, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // --- Inbound mail: SES receipt rule → S3 (inbound/) → "Object Created" → inbound-mail ---------
    const mailAccessLogs = accessLogBucket(this, 'MailAccessLogs', 'the mail bucket');
    this.mailBucket = new s3.Bucket(this, 'MailBucket', {
      bucketName: mailBucketName(props.stage),
      // SES receiving writes with SSE-S3; a KMS key would need SES in its key policy.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      serverAccessLogsBucket: mailAccessLogs,
      serverAccessLogsPrefix: 'mail/',
      lifecycleRules: [
        // Raw mail is parsed into the ticket within seconds; keep it for a redrive, then let it go.
        { id: 'expire-raw-inbound-mail', prefix: INBOUND_MAIL_PREFIX, expiration: Duration.days(30) },
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The inbound-mail function is triggered through the default bus (no cross-stack notification);
    // set on the resource itself, so no notification custom resource (and its Lambda) is needed.
    (this.mailBucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
    const recipients: unknown = this.node.tryGetContext('inboundMailRecipients');
    this.inboundRuleSet = new ses.ReceiptRuleSet(this, 'InboundRuleSet', {
      receiptRuleSetName: physicalName(props.stage, 'inbound-mail'),
    });
    this.inboundRuleSet.addRule('StoreInbound', {
      receiptRuleName: physicalName(props.stage, 'store-inbound'),
      // `-c inboundMailRecipients=service@example.com,support@example.com`; else every verified domain.
      ...(typeof recipients === 'string' && recipients
        ? {
            recipients: recipients
              .split(',')
              .map((entry) => entry.trim())
              .filter(Boolean),
          }
        : {}),
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [new sesActions.S3({ bucket: this.mailBucket, objectKeyPrefix: INBOUND_MAIL_PREFIX })],
    });
  }
}
