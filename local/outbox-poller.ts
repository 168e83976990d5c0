import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type Shard,
  type StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { nowIso } from '#shared/platform/clock.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import { env } from '#shared/platform/env.ts';
import { OUTBOX_ENTITY } from '#shared/platform/events/outbox.ts';
import { logger } from '#shared/platform/logger.ts';
import { lambdaContext } from './lambda-context.ts';

/**
 * The local stand-in for Lambda's DynamoDB stream event source mapping: it reads the table's stream
 * in DynamoDB Local, hands each batch to the same outbox-publisher handler, and keeps its position
 * per shard in the table, so a restarted process resumes after the last published record.
 */

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export type OutboxPollerOptions = {
  /** DynamoDB Local; defaults to `DYNAMODB_ENDPOINT`. Checkpoints go through the shared client. */
  endpoint?: string | undefined;
  tableName?: string;
  pollIntervalMs?: number;
  /** Records per GetRecords call, i.e. per handler invocation (Lambda's batch size). */
  batchSize?: number;
  /** Defaults to the outbox-publisher Lambda handler, loaded on first use. */
  handler?: StreamHandler;
  /** Test hook, called after reading a batch and before handing it over. */
  beforePublish?: (event: DynamoDBStreamEvent) => void;
  /** Called after a pass that found nothing new on any shard. */
  onIdle?: () => void;
  /** Called after a pass that handled records. */
  onBusy?: () => void;
};

export type OutboxPoller = {
  /** One pass over every readable shard; returns how many records were handled. */
  once: () => Promise<number>;
  start: () => void;
  /** Stops polling after the batch in flight. */
  stop: () => Promise<void>;
};

const CHECKPOINT_PK = 'SYSTEM#stream-checkpoint';
const CHECKPOINT_ENTITY = 'checkpoint';

type ShardState = { iterator: string | undefined; finished: boolean };

// Lambda delivers binary attributes base64-encoded in its JSON event; the SDK hands us bytes.
type LambdaImage = NonNullable<DynamoDBRecord['dynamodb']>['NewImage'];
const isEmptyObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/**
 * The Streams SDK client decodes an empty map attribute (`{"M":{}}` on the wire) as `{}`, which
 * unmarshall rejects. An attribute value with no type key can only have been an empty map, so it is
 * restored here, at every depth; Lambda's own JSON event has the `M`.
 */
const restoreEmptyMaps = (image: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(image).map(([name, attribute]) => [name, restoreAttribute(attribute)]));

const restoreAttribute = (attribute: unknown): unknown => {
  if (isEmptyObject(attribute)) return { M: {} };
  const value = attribute as { M?: Record<string, unknown>; L?: unknown[] };
  if (value.M) return { M: restoreEmptyMaps(value.M) };
  if (value.L) return { L: value.L.map(restoreAttribute) };
  return attribute;
};

const lambdaImage = (data: StreamRecord | undefined, key: 'Keys' | 'NewImage' | 'OldImage'): LambdaImage => {
  const value = data?.[key];
  if (!value) return undefined;
  const json = JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, name, replaced) {
      const original = this[name];
      return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : replaced;
    }),
  ) as Record<string, unknown>;
  return restoreEmptyMaps(json) as LambdaImage;
};

/** A stream record in the shape Lambda's event source mapping delivers. */
export const toLambdaRecord = (record: SdkRecord, streamArn: string): DynamoDBRecord => {
  const data = record.dynamodb;
  const created = data?.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion ?? env.region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      Keys: lambdaImage(data, 'Keys'),
      NewImage: lambdaImage(data, 'NewImage'),
      OldImage: lambdaImage(data, 'OldImage'),
      SequenceNumber: data?.SequenceNumber,
      SizeBytes: data?.SizeBytes,
      StreamViewType: data?.StreamViewType,
    },
  };
};

const isOutboxInsert = (record: SdkRecord): boolean =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === OUTBOX_ENTITY;

const errorName = (error: unknown): string => (error as Error | undefined)?.name ?? '';

const defaultHandler: StreamHandler = async (event) => {
  // Loaded lazily: the publisher's EventBridge client reads EVENTBRIDGE_ENDPOINT when it loads.
  const { handler } = await import('#functions/outbox-publisher/outbox-publisher.handler.ts');
  return handler(event, lambdaContext('outbox-publisher'));
};

export const createOutboxPoller = (options: OutboxPollerOptions = {}): OutboxPoller => {
  const endpoint = options.endpoint ?? env.dynamoEndpoint;
  const tableName = options.tableName ?? env.tableName;
  const batchSize = options.batchSize ?? 100;
  const handler = options.handler ?? defaultHandler;
  const connection = {
    region: env.region,
    ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  };
  const tables = new DynamoDBClient(connection);
  const streams = new DynamoDBStreamsClient(connection);

  let streamArn: string | undefined;
  /** Last handled sequence number per shard (persisted only when it published something). */
  let positions: Map<string, string> | undefined;
  const shards = new Map<string, ShardState>();
  /** Batches of the current pass that will be retried: such a pass is not idle. */
  let retries = 0;

  const loadPositions = async (): Promise<Map<string, string>> => {
    const result = await dynamo.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': CHECKPOINT_PK },
        ConsistentRead: true,
      }),
    );
    return new Map((result.Items ?? []).map((item) => [String(item.sk), String(item.sequenceNumber)]));
  };

  const checkpoint = (shardId: string, sequenceNumber: string) =>
    dynamo.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: CHECKPOINT_PK,
          sk: shardId,
          entity: CHECKPOINT_ENTITY,
          streamArn,
          sequenceNumber,
          updatedAt: nowIso(),
        },
      }),
    );

  const listShards = async (arn: string): Promise<Shard[]> => {
    const all: Shard[] = [];
    let start: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }),
      );
      all.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
      if (!start) break;
    }
    return all;
  };

  const iteratorFor = async (arn: string, shardId: string, after: string | undefined): Promise<string> => {
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        // New shards (and shards never published from) start at the oldest record still kept.
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    if (!ShardIterator) throw new Error(`No iterator for shard ${shardId}`);
    return ShardIterator;
  };

  /** Reads and hands over one batch of a shard; returns the records handled. */
  const pollShard = async (arn: string, shardId: string, state: ShardState, known: Map<string, string>) => {
    state.iterator ??= await iteratorFor(arn, shardId, known.get(shardId));
    let result: { Records?: SdkRecord[]; NextShardIterator?: string };
    try {
      result = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: batchSize }));
    } catch (error) {
      if (errorName(error) === 'ExpiredIteratorException') {
        state.iterator = undefined;
        return 0;
      }
      if (errorName(error) === 'TrimmedDataAccessException') {
        logger.warn('Stream trimmed past the checkpoint; resuming at the oldest record', { shardId });
        known.delete(shardId);
        state.iterator = undefined;
        return 0;
      }
      throw error;
    }
    const records = result.Records ?? [];
    if (records.length === 0) {
      state.iterator = result.NextShardIterator;
      // A closed shard read to its end has no next iterator; its children may start now.
      state.finished = !result.NextShardIterator;
      return 0;
    }
    const event: DynamoDBStreamEvent = { Records: records.map((record) => toLambdaRecord(record, arn)) };
    options.beforePublish?.(event);
    let failedAt = records.length;
    try {
      const response = await handler(event);
      const failed = new Set(response?.batchItemFailures?.map((failure) => failure.itemIdentifier) ?? []);
      // As Lambda does: resume at the first failed record; an unknown identifier fails the whole batch.
      const sequenceNumbers = records.map((record) => record.dynamodb?.SequenceNumber ?? '');
      const unknown = [...failed].some((id) => !sequenceNumbers.includes(id));
      failedAt = unknown ? 0 : sequenceNumbers.findIndex((id) => failed.has(id));
      if (failedAt === -1) failedAt = records.length;
    } catch (error) {
      logger.warn('Outbox publisher failed; the batch will be retried', { shardId, error: error as Error });
      failedAt = 0;
    }
    if (failedAt < records.length) retries += 1;
    const handled = records.slice(0, failedAt);
    const last = handled.at(-1)?.dynamodb?.SequenceNumber;
    if (last) {
      known.set(shardId, last);
      // Persist only batches that published something: the checkpoint's own stream record then
      // arrives in a batch without outbox items, and the loop of writes stops there.
      if (handled.some(isOutboxInsert)) await checkpoint(shardId, last);
    }
    state.iterator = failedAt < records.length ? undefined : result.NextShardIterator;
    state.finished = failedAt === records.length && !result.NextShardIterator;
    return handled.length;
  };

  const once = async (): Promise<number> => {
    if (!streamArn) {
      const { Table } = await tables.send(new DescribeTableCommand({ TableName: tableName }));
      streamArn = Table?.LatestStreamArn;
      if (!streamArn) throw new Error(`Table ${tableName} has no stream`);
    }
    positions ??= await loadPositions();
    const listed = await listShards(streamArn);
    const ids = new Set(listed.flatMap((shard) => (shard.ShardId ? [shard.ShardId] : [])));
    let handled = 0;
    retries = 0;
    for (const shard of listed) {
      if (!shard.ShardId) continue;
      const state = shards.get(shard.ShardId) ?? { iterator: undefined, finished: false };
      shards.set(shard.ShardId, state);
      // Parents first, so a key's changes keep their order across a shard split.
      const parent = shard.ParentShardId;
      const parentPending = parent !== undefined && ids.has(parent) && !shards.get(parent)?.finished;
      if (state.finished || parentPending) continue;
      handled += await pollShard(streamArn, shard.ShardId, state, positions);
    }
    if (handled === 0 && retries === 0) options.onIdle?.();
    else options.onBusy?.();
    return handled;
  };

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const run = async (): Promise<void> => {
    while (running) {
      try {
        await once();
      } catch (error) {
        logger.error('Outbox poll failed', { error: error as Error });
      }
      if (!running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollIntervalMs ?? 200);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    once,
    start: () => {
      if (running) return;
      running = true;
      loop = run();
    },
    stop: async () => {
      running = false;
      wake?.();
      await loop;
      tables.destroy();
      streams.destroy();
    },
  };
};

// `node local/outbox-poller.ts`: a poller process configured like a Lambda, through the environment
// (DYNAMODB_ENDPOINT, TABLE_NAME, EVENTBRIDGE_ENDPOINT). OUTBOX_CRASH_BEFORE_PUBLISH=1 kills the
// process between reading a batch and publishing it, for the exactly-once tests.
if (import.meta.main) {
  let idle = false;
  const poller = createOutboxPoller({
    pollIntervalMs: Number(process.env.OUTBOX_POLL_INTERVAL_MS ?? 100),
    ...(process.env.OUTBOX_CRASH_BEFORE_PUBLISH === '1'
      ? { beforePublish: () => process.kill(process.pid, 'SIGKILL') }
      : {}),
    // Announced once per catch-up, so a supervisor (or a test) sees when everything is published.
    onIdle: () => {
      if (!idle) process.stdout.write('outbox-poller idle\n');
      idle = true;
    },
    onBusy: () => {
      idle = false;
    },
  });
  const shutdown = (): void => {
    poller.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  poller.start();
  process.stdout.write('outbox-poller started\n');
}
