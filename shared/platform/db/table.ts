import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { env } from '../env.ts';
import { notFound } from '../errors.ts';
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
  /** Only items whose sort key lies between these two, inclusive (e.g. a date range); not with skPrefix. */
  skBetween?: readonly [string, string];
  limit: number;
  cursor?: string | undefined;
  /** Newest first when sort keys are ULIDs. */
  descending?: boolean;
  /** Further equality conditions on plain attributes, applied by DynamoDB within the same request. */
  filter?: Record<string, string | undefined>;
};

export type Page = { items: StoredItem[]; nextCursor: string | null };

type Condition = {
  expression: string | undefined;
  names: Record<string, string>;
  values: Record<string, string>;
};

const keyCondition = (spec: QuerySpec, names: { pk: string; sk: string }): Condition => {
  const partition = { '#pk': names.pk };
  if (spec.skPrefix) {
    return {
      expression: '#pk = :pk AND begins_with(#sk, :sk)',
      names: { ...partition, '#sk': names.sk },
      values: { ':pk': spec.pk, ':sk': spec.skPrefix },
    };
  }
  if (spec.skBetween) {
    return {
      expression: '#pk = :pk AND #sk BETWEEN :skFrom AND :skTo',
      names: { ...partition, '#sk': names.sk },
      values: { ':pk': spec.pk, ':skFrom': spec.skBetween[0], ':skTo': spec.skBetween[1] },
    };
  }
  return { expression: '#pk = :pk', names: partition, values: { ':pk': spec.pk } };
};

/** Equality on plain attributes; undefined values are no condition. Runs after `Limit`, so pages may be short. */
const filterCondition = (filter: QuerySpec['filter']): Condition => {
  const entries = Object.entries(filter ?? {}).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  if (entries.length === 0) return { expression: undefined, names: {}, values: {} };
  return {
    expression: entries.map((_, index) => `#f${index} = :f${index}`).join(' AND '),
    names: Object.fromEntries(entries.map(([name], index) => [`#f${index}`, name])),
    values: Object.fromEntries(entries.map(([, value], index) => [`:f${index}`, value])),
  };
};

/** One Query request; the cursor is checked to belong to this very partition. */
export const queryPage = async (spec: QuerySpec): Promise<Page> => {
  const names = spec.index ? INDEXES[spec.index] : { pk: 'pk', sk: 'sk' };
  const startKey = spec.cursor
    ? decodeCursor(spec.cursor, {
        index: spec.index,
        pk: spec.pk,
        skPrefix: spec.skPrefix,
        skBetween: spec.skBetween,
      })
    : undefined;
  const key = keyCondition(spec, names);
  const filter = filterCondition(spec.filter);
  const result = await dynamo.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: spec.index,
      KeyConditionExpression: key.expression,
      FilterExpression: filter.expression,
      ExpressionAttributeNames: { ...key.names, ...filter.names },
      ExpressionAttributeValues: { ...key.values, ...filter.values },
      Limit: spec.limit,
      ExclusiveStartKey: startKey,
      ScanIndexForward: !spec.descending,
    }),
  );
  return { items: (result.Items ?? []) as StoredItem[], nextCursor: encodeCursor(result.LastEvaluatedKey) };
};

/**
 * Every item of a key range, page after page (never a Scan): for partitions a use case reads whole.
 * `spec` builds the Query of each page from the cursor.
 */
export const queryAll = async (spec: (cursor: string | undefined) => QuerySpec): Promise<StoredItem[]> => {
  const items: StoredItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(spec(cursor));
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
};

/** One record by its key (a consistent GetItem), as the API shows it; 404 when it does not exist. */
export const findRecord = async <T>(
  key: { pk: string; sk: string },
  fromItem: (item: Record<string, unknown>) => T,
  what: string,
  id: string,
): Promise<T> => {
  const item = await getItem(key);
  if (!item) throw notFound(what, id);
  return fromItem(item);
};
