import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalBus } from '#local/bus/bus.ts';
import { loadConsumer, type QueueConsumer } from '#local/bus/consumers.ts';
import { type BusEmulator, startBusEmulator } from '#local/bus/eventbridge-server.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';

const routes: EventRoute[] = [
  { name: 'lake', description: 'analytics', events: 'all', target: { kind: 'analytics' } },
  {
    name: 'orders',
    description: 'orders to a consumer',
    events: ['order.placed'],
    target: {
      kind: 'queue',
      queue: 'orders',
      consumer: 'order-sync',
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 30,
    },
  },
  {
    name: 'audit',
    description: 'a queue nobody consumes',
    events: 'all',
    target: {
      kind: 'queue',
      queue: 'audit',
      batchSize: 10,
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 30,
    },
  },
];

const entry = (detailType: string, detail: unknown) => ({
  Source: 'frontoffice',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
  EventBusName: 'frontoffice-local',
  Time: new Date('2025-03-01T10:00:00.250Z'),
});

describe('EventBridge emulation', () => {
  let emulator: BusEmulator | undefined;
  let client: EventBridgeClient | undefined;

  afterEach(async () => {
    client?.destroy();
    await emulator?.stop();
  });

  const start = async (consumer: QueueConsumer, maxPublished?: number) => {
    emulator = await startBusEmulator({
      routes,
      resolveConsumer: async () => consumer,
      ...(maxPublished ? { maxPublished } : {}),
      pumpIntervalMs: 10,
    });
    client = new EventBridgeClient({
      endpoint: emulator.endpoint,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return { emulator, client };
  };

  it('answers PutEvents from the real SDK client and routes by the routing table', async () => {
    // Prepare
    const bodies: string[] = [];
    const { emulator, client } = await start(async (event: SQSEvent) => {
      bodies.push(...event.Records.map((record) => record.body));
    });

    // Act
    const result = await client.send(
      new PutEventsCommand({
        Entries: [entry('order.placed', { id: 'e1' }), entry('contact.created', { id: 'e2' })],
      }),
    );
    for (let tries = 0; tries < 100 && bodies.length === 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.map((e) => e.EventId)).toEqual(emulator.bus.published().map((e) => e.id));
    expect(bodies).toHaveLength(1);
    expect(JSON.parse(bodies[0] ?? '')).toEqual({
      version: '0',
      id: result.Entries?.[0]?.EventId,
      'detail-type': 'order.placed',
      source: 'frontoffice',
      account: '000000000000',
      time: '2025-03-01T10:00:00Z',
      region: 'eu-central-1',
      resources: [],
      detail: { id: 'e1' },
    });
    // A queue without consumer holds every event it was routed.
    expect(emulator.bus.queue('audit')?.depth()).toBe(2);
    // Analytics targets are not emulated: no queue stands in for them.
    expect(emulator.bus.queues().map((queue) => queue.name)).toEqual(['orders', 'audit']);
  });

  it('rejects malformed entries one by one, as EventBridge does', async () => {
    const { emulator, client } = await start(async () => undefined);
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('order.placed', { id: 'ok' }),
          { Source: 'frontoffice', DetailType: 'order.placed', Detail: '{not json' },
          { Source: 'frontoffice', Detail: '{}' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.map((e) => e.ErrorCode)).toEqual([
      undefined,
      'MalformedDetail',
      'InvalidArgument',
    ]);
    expect(emulator.bus.published()).toHaveLength(1);
  });

  it('refuses more than ten entries and unknown operations', async () => {
    const { emulator, client } = await start(async () => undefined);
    const eleven = Array.from({ length: 11 }, (_, i) => entry('x.y', { i }));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const response = await fetch(emulator.endpoint, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.ListRules', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(400);
  });

  it('keeps a bounded log of accepted events', async () => {
    const { emulator, client } = await start(async () => undefined, 3);
    await client.send(
      new PutEventsCommand({ Entries: [1, 2, 3, 4, 5].map((i) => entry('contact.created', { i })) }),
    );
    expect(emulator.bus.published().map((event) => event.detail)).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }]);
  });

  it('runs the application routing table by default and finds consumers by function name', async () => {
    const bus = await createLocalBus();
    const queueRoutes = eventRoutes.flatMap((route) => (route.target.kind === 'queue' ? [route.target] : []));
    expect(bus.queues().map((queue) => queue.name)).toEqual([...new Set(queueRoutes.map((t) => t.queue))]);
    await bus.stop();
    expect(await loadConsumer('outbox-publisher')).toBeTypeOf('function');
    await expect(loadConsumer('no-such-function')).rejects.toThrow();
    await expect(loadConsumer('../escape')).rejects.toThrow(/Invalid function name/);
  });
});
