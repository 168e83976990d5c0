import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { INDEXES } from './keys.ts';

/** TTL attribute (epoch seconds) of expiring items: outbox, idempotency records, rate-limit windows. */
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The table as DynamoDB Local and the tests create it. `lib/stacks/data-stack.ts` declares the same
 * keys and indexes for AWS from `INDEXES`.
 */
export const tableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    ...Object.values(INDEXES).flatMap((index) => [
      { AttributeName: index.pk, AttributeType: 'S' as const },
      { AttributeName: index.sk, AttributeType: 'S' as const },
    ]),
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: Object.entries(INDEXES).map(([name, index]) => ({
    IndexName: name,
    KeySchema: [
      { AttributeName: index.pk, KeyType: 'HASH' as const },
      { AttributeName: index.sk, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  })),
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
});
