import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createOutboxPoller, type StreamHandler } from '#local/outbox-poller.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { type DomainEvent, defineEvent, SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { outboxEventsOf } from '#shared/platform/events/outbox-publisher.ts';

const pinged = defineEvent({
  name: 'ping.sent',
  version: 1,
  subjectType: 'ping',
  data: z.strictObject({ n: z.number().int() }),
});

const emit = async (n: number): Promise<DomainEvent> => {
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  const event = uow.emit(pinged, `ping-${n}`, { n });
  await uow.commit();
  return event;
};

/** Polls until a pass finds nothing new (bounded). */
const drain = async (poller: ReturnType<typeof createOutboxPoller>): Promise<void> => {
  for (let pass = 0; pass < 50; pass += 1) if ((await poller.once()) === 0) return;
  throw new Error('The stream did not drain');
};

describe('outbox poller against DynamoDB Local streams', () => {
  it('delivers Lambda-shaped stream events, retries from the first failure, and resumes after a restart', async () => {
    // Prepare: a handler that fails the second event once, as the publisher does on a rejected put
    const delivered: DomainEvent[] = [];
    const invocations: DynamoDBStreamEvent[] = [];
    let failOnce = true;
    const handler: StreamHandler = async (event): Promise<DynamoDBBatchResponse> => {
      invocations.push(event);
      const records = event.Records;
      const pending = outboxEventsOf(records);
      for (const { index, event: domainEvent } of pending) {
        if (failOnce && domainEvent.data.n === 2) {
          failOnce = false;
          return {
            batchItemFailures: records
              .slice(index)
              .map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
          };
        }
        delivered.push(domainEvent);
      }
      return { batchItemFailures: [] };
    };
    const first = [await emit(1), await emit(2), await emit(3)];

    // Act
    const poller = createOutboxPoller({ handler });
    await drain(poller);
    await poller.stop();

    // Assess: the Lambda event shape
    const record = invocations[0]?.Records[0];
    expect(record).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb' });
    expect(record?.eventSourceARN).toMatch(/stream/);
    expect(record?.dynamodb?.NewImage?.entity).toEqual({ S: 'outbox' });
    expect(record?.dynamodb?.Keys?.pk?.S).toMatch(/^OUTBOX#/);
    // Event 1 once, then 2 and 3 after the retry: nothing skipped, nothing repeated before the failure
    expect(delivered.map((event) => event.id)).toEqual(first.map((event) => event.id));

    // Act 2: a new poller (a restarted process) resumes after the checkpoint
    const later = await emit(4);
    const restarted = createOutboxPoller({ handler });
    await drain(restarted);
    await restarted.stop();

    // Assess 2
    expect(delivered.map((event) => event.id)).toEqual([...first, later].map((event) => event.id));
  });

  it('checkpoints the last published record, and its own checkpoint writes do not feed back', async () => {
    // Prepare
    let lastOutboxSequence: string | undefined;
    const poller = createOutboxPoller({
      handler: async (event) => {
        const pending = outboxEventsOf(event.Records);
        const last = pending.at(-1);
        if (last) lastOutboxSequence = event.Records[last.index]?.dynamodb?.SequenceNumber;
        return { batchItemFailures: [] };
      },
    });
    await emit(5);

    // Act
    await drain(poller);
    const later = [await poller.once(), await poller.once()];
    await poller.stop();

    // Assess
    const result = await dynamo.send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SYSTEM#stream-checkpoint' },
      }),
    );
    expect(result.Items?.map((item) => item.sequenceNumber)).toContain(lastOutboxSequence);
    expect(result.Items?.[0]).toMatchObject({ entity: 'checkpoint' });
    expect(later).toEqual([0, 0]);
  });

  it('start() polls in the background and stop() waits for the batch in flight', async () => {
    let inFlight = false;
    let sawStopDuringBatch = false;
    const published: string[] = [];
    const poller = createOutboxPoller({
      pollIntervalMs: 20,
      handler: async (event) => {
        inFlight = true;
        await new Promise((resolve) => setTimeout(resolve, 50));
        published.push(...outboxEventsOf(event.Records).map((entry) => entry.event.id));
        inFlight = false;
        return { batchItemFailures: [] };
      },
    });
    poller.start();
    const event = await emit(6);
    for (let tries = 0; tries < 200 && !inFlight; tries += 1) await new Promise((r) => setTimeout(r, 10));
    sawStopDuringBatch = inFlight;
    await poller.stop();
    expect(sawStopDuringBatch).toBe(true);
    expect(inFlight).toBe(false);
    expect(published).toContain(event.id);
  });
});

describe('outbox poller with real domain writes', () => {
  it('publishes events whose items hold empty maps (a contact without consents, an event with empty data)', async () => {
    const { createContact } = await import('#shared/contacts/contact.service.ts');
    const { accountDeleted } = await import('#shared/accounts/account.events.ts');
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    const contact = await createContact(
      {
        firstName: 'Björn',
        lastName: 'Krüger',
        email: `bjoern.${Date.now()}@beispiel.de`,
        language: 'de',
        lifecycleStage: 'lead',
        interests: [],
      },
      uow,
    );
    uow.emit(accountDeleted, 'account-1', {});
    await uow.commit();
    const names: string[] = [];
    const poller = createOutboxPoller({
      handler: async (event) => {
        names.push(
          ...outboxEventsOf(event.Records).map((entry) => `${entry.event.name}:${entry.event.subject.id}`),
        );
        return { batchItemFailures: [] };
      },
    });
    await drain(poller);
    await poller.stop();
    expect(names).toContain(`contact.created:${contact.id}`);
    expect(names).toContain('account.deleted:account-1');
  });
});
