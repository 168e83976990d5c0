import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startBusEmulator } from '#local/bus/eventbridge-server.ts';
import { createQueue, type LocalQueue } from '#local/bus/queue.ts';
import { redriveLocal } from '#local/cli/redrive-command.ts';
import { type ErpSimulator, startErpSimulator } from '#local/erp-simulator/erp-simulator.ts';
import { eventRoutes } from '#shared/event-routes.ts';
import { findOrder } from '#shared/orders/order-sync.service.ts';
import type { Clock } from '#shared/platform/clock.ts';
import type { QueueTarget } from '#shared/platform/events/routing.ts';
import { handler } from '../../functions/erp-sync/erp-sync.handler.ts';
import { busMessage, outboxEvents, placeOrder, sqsEvent } from '../support/order-fixture.ts';

const route = eventRoutes.find((candidate) => candidate.name === 'erp-sync');
if (route?.target.kind !== 'queue') throw new Error('the erp-sync queue route is missing');
const target: QueueTarget = route.target;

/** A clock the test moves, so visibility timeouts pass without sleeping. */
const fakeClock = () => {
  let now = Date.parse('2026-03-02T09:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (seconds: number) => (now += seconds * 1000) };
};

/** Delivers until the queue is empty or `rounds` visibility timeouts have passed. */
const deliverWithRetries = async (queue: LocalQueue, advance: (seconds: number) => void, rounds: number) => {
  for (let round = 0; round < rounds && queue.depth() > 0; round += 1) {
    await queue.drain();
    advance(target.visibilityTimeoutSeconds + 1);
  }
};

let erp: ErpSimulator;

beforeAll(async () => {
  erp = await startErpSimulator();
  process.env.ERP_URL = erp.url;
  process.env.ERP_BACKOFF_BASE_MS = '1';
  process.env.ERP_ATTEMPTS = '3';
});
afterAll(async () => {
  await erp.stop();
});
beforeEach(() => {
  erp.recover();
});

describe('ERP sync through the queue', () => {
  it('delivers every order to the ERP exactly once while the ERP answers 503 for a while, then recovers', async () => {
    // Prepare: three placed orders; the ERP fails the next 10 requests, more than one receive's
    // in-invocation retries (3 orders × 3 attempts), so the queue must redeliver too
    const placed = await Promise.all([placeOrder(), placeOrder(), placeOrder()]);
    const { clock, advance } = fakeClock();
    const queue = createQueue({ ...target, handler, clock });
    for (const { event } of placed) queue.send(busMessage(event));
    const before = erp.orders().length;
    const requestsBefore = erp.requestCount();
    erp.failNext(10);

    // Act
    await deliverWithRetries(queue, advance, target.maxReceiveCount);

    // Assess: the ERP holds each order once, each order is synced with its erpId and one order.synced
    expect(queue.depth()).toBe(0);
    expect(queue.dlqDepth()).toBe(0);
    expect(erp.requestCount() - requestsBefore).toBe(10 + placed.length);
    const received = erp.orders().slice(before);
    expect(received.map((order) => order.idempotencyKey).sort()).toEqual(
      placed.map(({ order }) => order.id).sort(),
    );
    const synced = await outboxEvents('order.synced');
    for (const { order } of placed) {
      const stored = await findOrder(order.id);
      const erpOrder = received.find((candidate) => candidate.idempotencyKey === order.id);
      expect(stored).toMatchObject({ status: 'synced', erpId: erpOrder?.erpId, version: 2 });
      expect(stored?.syncedAt).toEqual(expect.any(String));
      expect(synced.filter((event) => event.subject.id === order.id).map((event) => event.data)).toEqual([
        { erpId: erpOrder?.erpId },
      ]);
    }
  });

  it('reports only the failed records of a batch (partial batch failure)', async () => {
    // Prepare: one order already synced earlier, one that cannot be read (poison message)
    const { order, event } = await placeOrder();
    const { clock } = fakeClock();
    const queue = createQueue({ ...target, handler, clock });
    queue.send(busMessage(event));
    queue.send('{"not":"an order.placed event"}');

    // Act
    await queue.pump();

    // Assess: the good record is deleted, the poison one stays for a retry
    expect(queue.depth()).toBe(1);
    expect(queue.messages()[0]?.body).toContain('not');
    expect((await findOrder(order.id))?.status).toBe('synced');
  });

  it('never sends an order that is already synced, and redelivery is a no-op success', async () => {
    // Prepare: an order synced once
    const { order, event } = await placeOrder();
    const { clock } = fakeClock();
    const queue = createQueue({ ...target, handler, clock });
    queue.send(busMessage(event));
    await queue.drain();
    const requests = erp.requestCount();

    // Act: the same event again (SQS delivers at least once)
    queue.send(busMessage(event));
    await queue.drain();

    // Assess
    expect(erp.requestCount()).toBe(requests);
    expect(queue.depth()).toBe(0);
    expect((await outboxEvents('order.synced')).filter((e) => e.subject.id === order.id)).toHaveLength(1);
    expect((await findOrder(order.id))?.version).toBe(2);
  });

  it('parks the message in the DLQ when the retries are exhausted, and redrive delivers it once', async () => {
    // Prepare: the ERP is down for good
    const { order, event } = await placeOrder();
    const { clock, advance } = fakeClock();
    const queue = createQueue({ ...target, handler, clock });
    queue.send(busMessage(event));
    erp.failNext(1_000);

    // Act 1: every receive fails until the DLQ takes the message
    await deliverWithRetries(queue, advance, target.maxReceiveCount + 1);
    await queue.drain();

    // Assess 1
    expect(queue.depth()).toBe(0);
    expect(queue.dlqDepth()).toBe(1);
    expect((await findOrder(order.id))?.status).toBe('placed');
    expect(erp.orders().some((candidate) => candidate.idempotencyKey === order.id)).toBe(false);

    // Act 2: the ERP is back; redrive
    erp.recover();
    expect(queue.redrive()).toBe(1);
    await queue.drain();

    // Assess 2
    expect(queue.dlqDepth()).toBe(0);
    expect(queue.depth()).toBe(0);
    expect(erp.orders().filter((candidate) => candidate.idempotencyKey === order.id)).toHaveLength(1);
    expect((await findOrder(order.id))?.status).toBe('synced');
    expect((await outboxEvents('order.synced')).filter((e) => e.subject.id === order.id)).toHaveLength(1);
  });

  it('sends the ERP the order with its id as Idempotency-Key and gets the same erpId on a resend', async () => {
    // Prepare
    const { order, event } = await placeOrder();

    // Act: two concurrent invocations of the same event (two consumers racing)
    const results = await Promise.all([
      handler(sqsEvent([busMessage(event)]), {} as never),
      handler(sqsEvent([busMessage(event)]), {} as never),
    ]);

    // Assess: both succeed, the ERP holds one order, the table one sync
    expect(results.map((result) => result.batchItemFailures)).toEqual([[], []]);
    const held = erp.orders().filter((candidate) => candidate.idempotencyKey === order.id);
    expect(held).toHaveLength(1);
    expect(held[0]?.body).toMatchObject({ orderId: order.id, total: order.total, lines: order.lines });
    expect((await outboxEvents('order.synced')).filter((e) => e.subject.id === order.id)).toHaveLength(1);
  });
});

describe('redrive through the running instance', () => {
  it('moves DLQ messages back through the bus emulator admin endpoint and reports the depths', async () => {
    // Prepare: a bus with a consumer-less erp-sync queue whose message reached the DLQ
    const { clock, advance } = fakeClock();
    const bus = await startBusEmulator({
      routes: [{ ...route, target: { ...target, consumer: undefined } }],
      clock,
    });
    try {
      const queue = bus.bus.queue('erp-sync');
      if (!queue) throw new Error('no erp-sync queue');
      queue.send('{}');
      for (let receive = 0; receive <= target.maxReceiveCount; receive += 1) {
        queue.receive(10);
        advance(target.visibilityTimeoutSeconds + 1);
      }
      expect(queue.dlqDepth()).toBe(1);

      // Act
      const moved = await redriveLocal(bus.endpoint, 'erp-sync');
      const depths = (await (await fetch(`${bus.endpoint}/_local/queues`)).json()) as {
        queues: { name: string; depth: number; dlqDepth: number }[];
      };

      // Assess
      expect(moved).toBe(1);
      expect(depths.queues).toEqual([expect.objectContaining({ name: 'erp-sync', depth: 1, dlqDepth: 0 })]);
    } finally {
      await bus.stop();
    }
  });
});
