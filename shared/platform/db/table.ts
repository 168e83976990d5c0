import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../env.ts';
import { dynamo } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { INDEXES, type IndexName, type StoredItem } from './keys.ts';

export const tableName = (): string => env.tableName;

/** Strongly consistent read of one item. */
export const getItem = async (key: { pk: string; sk: string }): Promise<StoredItem | undefined> => {
  const result = await dynamo.send(
    new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }),
  );
  return result.Item as StoredItem | undefined;
};

export type QuerySpec = {
  index?: IndexName;
  pk: string;
  /** Only items whose sort key starts with this. */
  skPrefix?: string;
  limit: number;
  cursor?: string | undefined;
  /** Newest first when sort keys are ULIDs. */
  descending?: boolean;
  /** Further equality conditions on plain attributes, applied by DynamoDB within the same request. */
  filter?: Record<string, string | undefined>;
};

export type Page = { items: StoredItem[]; nextCursor: string | null };

/** One Query request; the cursor is checked to belong to this very partition. */
export const queryPage = async (spec: QuerySpec): Promise<Page> => {
  const names = spec.index ? INDEXES[spec.index] : { pk: 'pk', sk: 'sk' };
  const startKey = spec.cursor
    ? decodeCursor(spec.cursor, { index: spec.index, pk: spec.pk, skPrefix: spec.skPrefix })
    : undefined;
  const result = await dynamo.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: spec.index,
      KeyConditionExpression: spec.skPrefix ? '#pk = :pk AND begins_with(#sk, :sk)' : '#pk = :pk',
      ExpressionAttributeNames: spec.skPrefix ? { '#pk': names.pk, '#sk': names.sk } : { '#pk': names.pk },
      ExpressionAttributeValues: spec.skPrefix
        ? { ':pk': spec.pk, ':sk': spec.skPrefix }
        : { ':pk': spec.pk },
      Limit: spec.limit,
      ExclusiveStartKey: startKey,
      ScanIndexForward: !spec.descending,
    }),
  );
  return { items: (result.Items ?? []) as StoredItem[], nextCursor: encodeCursor(result.LastEvaluatedKey) };
};
