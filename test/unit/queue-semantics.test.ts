import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createQueue } from '#local/bus/queue.ts';
import type { Clock } from '#shared/platform/clock.ts';

/** A clock the test moves by hand, so visibility timeouts pass without waiting. */
const manualClock = () => {
  let now = Date.parse('2025-01-01T00:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (seconds: number) => (now += seconds * 1000) };
};

const target = { queue: 'test', batchSize: 3, maxReceiveCount: 3, visibilityTimeoutSeconds: 30 };

describe('local SQS queue', () => {
  it('delivers batches of at most batchSize, in order, and deletes what succeeded', async () => {
    // Prepare
    const batches: string[][] = [];
    const queue = createQueue({
      ...target,
      handler: async (event: SQSEvent) => {
        batches.push(event.Records.map((record) => record.body));
      },
    });
    for (const body of ['1', '2', '3', '4', '5', '6', '7']) queue.send(body);

    // Act
    const delivered = await queue.drain();

    // Assess
    expect(delivered).toBe(7);
    expect(batches).toEqual([['1', '2', '3'], ['4', '5', '6'], ['7']]);
    expect(queue.depth()).toBe(0);
  });

  it('hands consumers Lambda SQS records with receive counts and the queue ARN', async () => {
    const records: SQSEvent['Records'] = [];
    const queue = createQueue({
      ...target,
      handler: async (event: SQSEvent) => {
        records.push(...event.Records);
      },
    });
    const id = queue.send('{"a":1}');
    await queue.pump();
    expect(records[0]).toMatchObject({
      messageId: id,
      body: '{"a":1}',
      eventSource: 'aws:sqs',
      attributes: { ApproximateReceiveCount: '1' },
    });
    expect(records[0]?.eventSourceARN).toMatch(/^arn:aws:sqs:.+:frontoffice-.+-test$/);
  });

  it('retries only the messages a partial batch failure names, after the visibility timeout', async () => {
    // Prepare
    const { clock, advance } = manualClock();
    const seen: string[][] = [];
    const queue = createQueue({
      ...target,
      clock,
      handler: async (event: SQSEvent) => {
        seen.push(event.Records.map((record) => record.body));
        const failing = event.Records.filter((record) => record.body === 'b');
        return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
      },
    });
    for (const body of ['a', 'b', 'c']) queue.send(body);

    // Act
    await queue.pump();
    const hiddenWhileInvisible = await queue.pump();
    advance(31);
    await queue.pump();

    // Assess
    expect(hiddenWhileInvisible).toBe(0);
    expect(seen).toEqual([['a', 'b', 'c'], ['b']]);
    expect(queue.messages()).toEqual([expect.objectContaining({ body: 'b', receiveCount: 2 })]);
  });

  it('fails the whole batch when the consumer throws or names an unknown message', async () => {
    const { clock, advance } = manualClock();
    let calls = 0;
    const queue = createQueue({
      ...target,
      clock,
      handler: async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
      },
    });
    queue.send('x');
    queue.send('y');
    await queue.pump();
    expect(queue.depth()).toBe(2);
    advance(30);
    await queue.pump();
    expect(queue.messages().map((message) => message.receiveCount)).toEqual([2, 2]);
  });

  it('keeps a received message invisible until it is deleted or the timeout passes', () => {
    const { clock, advance } = manualClock();
    const queue = createQueue({ ...target, clock });
    queue.send('held');
    const [first] = queue.receive(10);
    expect(queue.receive(10)).toEqual([]);
    expect(queue.inFlight()).toBe(1);
    advance(30);
    const [second] = queue.receive(10);
    expect(second?.attributes.ApproximateReceiveCount).toBe('2');
    // The first receipt handle is stale now; only the latest one deletes.
    expect(queue.deleteMessage(first?.receiptHandle ?? '')).toBe(false);
    expect(queue.deleteMessage(second?.receiptHandle ?? '')).toBe(true);
    expect(queue.depth()).toBe(0);
  });

  it('moves a message to the DLQ after maxReceiveCount receives, and redrive brings it back', async () => {
    // Prepare
    const { clock, advance } = manualClock();
    let healthy = false;
    const received: string[] = [];
    const queue = createQueue({
      ...target,
      clock,
      handler: async (event: SQSEvent) => {
        received.push(...event.Records.map((record) => record.attributes.ApproximateReceiveCount));
        if (!healthy) throw new Error('downstream down');
      },
    });
    queue.send('order');

    // Act: three failed receives, then the fourth attempt moves it
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await queue.pump();
      advance(30);
    }

    // Assess
    expect(received).toEqual(['1', '2', '3']);
    expect(queue.depth()).toBe(0);
    expect(queue.dlqDepth()).toBe(1);

    healthy = true;
    expect(queue.redrive()).toBe(1);
    expect(queue.dlqDepth()).toBe(0);
    await queue.drain();
    expect(received.at(-1)).toBe('1');
    expect(queue.depth()).toBe(0);
  });

  it('holds messages when no consumer is configured', async () => {
    const queue = createQueue(target);
    queue.send('kept');
    expect(await queue.drain()).toBe(0);
    expect(queue.depth()).toBe(1);
  });

  it('delivers in the background once started, and stop waits for the batch in flight', async () => {
    let delivered = 0;
    const queue = createQueue({
      ...target,
      handler: async (event: SQSEvent) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        delivered += event.Records.length;
      },
    });
    queue.start(10);
    queue.send('1');
    queue.send('2');
    for (let tries = 0; tries < 100 && delivered < 2; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await queue.stop();
    expect(delivered).toBe(2);
    expect(queue.depth()).toBe(0);
  });
});
