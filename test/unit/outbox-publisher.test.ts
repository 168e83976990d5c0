import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/outbox-publisher/outbox-publisher.handler.ts';
import type { DomainEvent } from '#shared/platform/events/event.ts';
import { outboxItem } from '#shared/platform/events/outbox.ts';
import { publishOutboxRecords } from '#shared/platform/events/outbox-publisher.ts';

const eventBridge = mockClient(EventBridgeClient);

const domainEvent = (n: number): DomainEvent => ({
  id: `event-${n}`,
  name: 'contact.created',
  version: 1,
  occurredAt: '2025-03-01T10:00:00.000Z',
  actor: { type: 'user', id: 'user-1' },
  subject: { type: 'contact', id: `contact-${n}` },
  data: { n },
});

let sequence = 100;
const streamRecord = (
  item: Record<string, unknown>,
  eventName: DynamoDBRecord['eventName'] = 'INSERT',
): DynamoDBRecord => {
  sequence += 1;
  return {
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      SequenceNumber: String(sequence),
    },
  };
};

const outboxRecord = (n: number) => streamRecord(outboxItem(domainEvent(n)));
const seqs = (records: DynamoDBRecord[]) => records.map((record) => record.dynamodb?.SequenceNumber);
const sentEventIds = () =>
  eventBridge
    .commandCalls(PutEventsCommand)
    .flatMap((call) => call.args[0].input.Entries ?? [])
    .map((entry) => JSON.parse(entry.Detail ?? '{}').id);

describe('outbox publisher', () => {
  beforeEach(() => {
    eventBridge.reset();
  });

  it('publishes only inserted outbox items, with source frontoffice and detail-type = name', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const records = [
      streamRecord({ pk: 'CONTACT#1', sk: 'CONTACT', entity: 'contact', name: 'Ada' }),
      outboxRecord(1),
      streamRecord(outboxItem(domainEvent(2)), 'REMOVE'),
    ];

    // Act
    const result = await publishOutboxRecords(records);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const entries = eventBridge.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries;
    expect(entries).toHaveLength(1);
    expect(entries?.[0]).toMatchObject({ Source: 'frontoffice', DetailType: 'contact.created' });
    expect(JSON.parse(entries?.[0]?.Detail ?? '')).toEqual(domainEvent(1));
  });

  it('puts events in order, ten per call', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input) => ({
      FailedEntryCount: 0,
      Entries: input.Entries.map(() => ({ EventId: 'x' })),
    }));
    const records = Array.from({ length: 23 }, (_, n) => outboxRecord(n));
    const result = await publishOutboxRecords(records);
    expect(result.batchItemFailures).toEqual([]);
    expect(
      eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.length),
    ).toEqual([10, 10, 3]);
    expect(sentEventIds()).toEqual(records.map((_, n) => `event-${n}`));
  });

  it('reports the first rejected event and every later record, and stops publishing', async () => {
    // Prepare: the third entry of the first call is rejected
    eventBridge.on(PutEventsCommand).callsFake((input) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((_: unknown, i: number) =>
        i === 2 ? { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' } : { EventId: 'x' },
      ),
    }));
    const records = Array.from({ length: 15 }, (_, n) => outboxRecord(n));

    // Act
    const result = await publishOutboxRecords(records);

    // Assess
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(seqs(records.slice(2)));
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it('reports every record of the batch when EventBridge throttles', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const records = [streamRecord({ pk: 'A', sk: 'A', entity: 'contact' }), outboxRecord(1), outboxRecord(2)];
    const result = await publishOutboxRecords(records);
    expect(result.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(seqs(records.slice(1)));
  });

  it('skips a malformed outbox item instead of blocking the stream', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const broken = streamRecord({ pk: 'OUTBOX#bad', sk: 'OUTBOX', entity: 'outbox', event: { id: 'bad' } });
    const result = await publishOutboxRecords([broken, outboxRecord(7)]);
    expect(result.batchItemFailures).toEqual([]);
    expect(sentEventIds()).toEqual(['event-7']);
  });

  it('runs as a Lambda handler with the stream event shape', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'x' }] });
    const context = { functionName: 'outbox-publisher', awsRequestId: 'r1' } as Context;
    const result = await handler({ Records: [outboxRecord(9)] }, context);
    expect(result).toEqual({ batchItemFailures: [] });
  });
});
