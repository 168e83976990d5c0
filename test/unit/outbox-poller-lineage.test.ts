import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { createOutboxPoller } from '#local/outbox-poller.ts';

const tables = mockClient(DynamoDBClient);
const streams = mockClient(DynamoDBStreamsClient);

afterAll(() => {
  tables.restore();
  streams.restore();
});

const record = (sequenceNumber: string) => ({
  eventName: 'INSERT' as const,
  dynamodb: {
    Keys: { pk: { S: `ITEM#${sequenceNumber}` }, sk: { S: 'ITEM' } },
    NewImage: { pk: { S: `ITEM#${sequenceNumber}` }, sk: { S: 'ITEM' }, entity: { S: 'note' } },
    SequenceNumber: sequenceNumber,
  },
});

describe('outbox poller shard lineage', () => {
  it('reads a closed parent shard to its end before its child, which starts at TRIM_HORIZON', async () => {
    // Prepare: the child is listed first; the parent is closed and holds the older record
    tables.on(DescribeTableCommand).resolves({ Table: { LatestStreamArn: 'arn:stream' } });
    streams.on(DescribeStreamCommand).resolves({
      StreamDescription: {
        Shards: [
          {
            ShardId: 'child',
            ParentShardId: 'parent',
            SequenceNumberRange: { StartingSequenceNumber: '200' },
          },
          {
            ShardId: 'parent',
            SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '199' },
          },
        ],
      },
    });
    streams.on(GetShardIteratorCommand).callsFake((input) => ({ ShardIterator: `${input.ShardId}-0` }));
    streams
      .on(GetRecordsCommand, { ShardIterator: 'parent-0' })
      .resolves({ Records: [record('150')], NextShardIterator: 'parent-1' })
      .on(GetRecordsCommand, { ShardIterator: 'parent-1' })
      .resolves({ Records: [] })
      .on(GetRecordsCommand, { ShardIterator: 'child-0' })
      .resolves({ Records: [record('250')], NextShardIterator: 'child-1' })
      .on(GetRecordsCommand, { ShardIterator: 'child-1' })
      .resolves({ Records: [], NextShardIterator: 'child-1' });
    const seen: string[] = [];
    const poller = createOutboxPoller({
      handler: async (event) => {
        seen.push(...event.Records.map((r) => r.dynamodb?.SequenceNumber ?? ''));
        return { batchItemFailures: [] };
      },
    });

    // Act
    for (let pass = 0; pass < 5; pass += 1) await poller.once();
    await poller.stop();

    // Assess
    expect(seen).toEqual(['150', '250']);
    const childIterator = streams
      .commandCalls(GetShardIteratorCommand)
      .find((call) => call.args[0].input.ShardId === 'child');
    expect(childIterator?.args[0].input.ShardIteratorType).toBe('TRIM_HORIZON');
    // The parent was read to its end (no next iterator) before the child was touched.
    const order = streams.commandCalls(GetRecordsCommand).map((call) => call.args[0].input.ShardIterator);
    expect(order.indexOf('parent-1')).toBeLessThan(order.indexOf('child-0'));
  });
});
