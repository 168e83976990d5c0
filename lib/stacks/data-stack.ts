import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { INDEXES } from '#shared/platform/db/keys.ts';
import { TTL_ATTRIBUTE } from '#shared/platform/db/table-definition.ts';
import { physicalName } from '../stage.ts';

export type DataStackProps = StackProps & { stage: string };

/**
 * Stateful: the single table (keys and indexes from `INDEXES`, the same source as
 * `tableDefinition` for DynamoDB Local) encrypted with its own rotating key. Retained on delete.
 */
export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly tableKey: kms.Key;

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
  }
}
