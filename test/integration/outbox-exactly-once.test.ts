import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type BusEmulator, startBusEmulator } from '#local/bus/eventbridge-server.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { type DomainEvent, defineEvent, SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';
import { type NodeProcess, spawnNode } from '../support/node-process.ts';

const noteRecorded = defineEvent({
  name: 'note.recorded',
  version: 1,
  subjectType: 'note',
  data: z.strictObject({ n: z.number().int() }),
});

const routes: EventRoute[] = [
  {
    name: 'audit',
    description: 'every event into a queue nobody consumes, to count deliveries',
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

/** A state change and its event, committed in one transaction as a use case would. */
const recordNote = async (n: number): Promise<DomainEvent> => {
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  const id = `note-${n}-${Date.now()}`;
  uow.create({ pk: `NOTE#${id}`, sk: 'NOTE', entity: 'note', n }, () => new Error('exists'));
  const event = uow.emit(noteRecorded, id, { n });
  await uow.commit();
  return event;
};

/** The poller as its own process, configured through the environment like `frontoffice start` does. */
const spawnPoller = (bus: BusEmulator, extraEnv: Record<string, string> = {}): NodeProcess =>
  spawnNode(['local/outbox-poller.ts'], {
    ...process.env,
    EVENTBRIDGE_ENDPOINT: bus.endpoint,
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...extraEnv,
  });

const waitFor = async (what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`Timed out: ${what}`)), ms).unref()),
  ]);

/** Runs a poller until it reports that it has caught up, then stops it gracefully. */
const runUntilIdle = async (bus: BusEmulator): Promise<void> => {
  const poller = spawnPoller(bus);
  running.push(poller.child);
  await waitFor('the poller to catch up', () => poller.output().includes('outbox-poller idle'));
  poller.child.kill('SIGTERM');
  expect(await withTimeout(poller.exited, 10_000, 'poller exit')).toBe(0);
};

const publishedIds = (bus: BusEmulator): string[] =>
  bus.bus.published().map((event) => (event.detail as DomainEvent).id);

const running: ChildProcess[] = [];
let bus: BusEmulator | undefined;

afterEach(async () => {
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await bus?.stop();
});

describe('transactional outbox, end to end', () => {
  it('publishes an event exactly once although the publisher died between reading and publishing', async () => {
    // Prepare
    bus = await startBusEmulator({ routes });
    const event = await recordNote(1);

    // Act 1: the poller reads the batch and is killed before it hands it to the publisher
    const crashing = spawnPoller(bus, { OUTBOX_CRASH_BEFORE_PUBLISH: '1' });
    running.push(crashing.child);
    expect(await withTimeout(crashing.exited, 15_000, 'crashing poller')).toBe('SIGKILL');
    expect(bus.bus.published()).toEqual([]);

    // Act 2: a restart publishes it; a further restart finds nothing left to publish
    await runUntilIdle(bus);
    await runUntilIdle(bus);

    // Assess
    expect(publishedIds(bus)).toEqual([event.id]);
    expect(bus.bus.published()[0]).toMatchObject({ source: 'frontoffice', 'detail-type': 'note.recorded' });
    expect(bus.bus.queue('audit')?.depth()).toBe(1);
  });

  it('publishes every event committed while the publisher was down, in order, once', async () => {
    // Prepare: a fresh bus; the checkpoint of the previous test is in the table
    bus = await startBusEmulator({ routes });
    const events: DomainEvent[] = [];
    for (let n = 10; n < 15; n += 1) events.push(await recordNote(n));

    // Act
    await runUntilIdle(bus);
    await runUntilIdle(bus);

    // Assess
    expect(publishedIds(bus)).toEqual(events.map((event) => event.id));
  });

  it('publishes contact.created exactly once for a contact created through the API, across a publisher crash', async () => {
    // Prepare: a contact created through the real handler (state, email claim and outbox in one transaction)
    bus = await startBusEmulator({ routes });
    const { invoke } = await import('../support/invoke.ts');
    const created = await invoke('POST', '/v1/contacts', {
      body: {
        firstName: 'Emily',
        lastName: 'Clarke',
        email: `emily.${Date.now()}@northwind.example`,
        language: 'en',
      },
      role: 'sales',
    });
    expect(created.status).toBe(201);

    // Act: killed between the write and the publish, then restarted twice
    const crashing = spawnPoller(bus, { OUTBOX_CRASH_BEFORE_PUBLISH: '1' });
    running.push(crashing.child);
    expect(await withTimeout(crashing.exited, 15_000, 'crashing poller')).toBe('SIGKILL');
    await runUntilIdle(bus);
    await runUntilIdle(bus);

    // Assess
    const contactEvents = bus.bus
      .published()
      .map((entry) => entry.detail as DomainEvent)
      .filter((event) => event.subject.id === created.json.id);
    expect(contactEvents.map((event) => event.name)).toEqual(['contact.created']);
    expect(contactEvents[0]?.data).toEqual({
      accountId: null,
      ownerId: null,
      lifecycleStage: 'lead',
      language: 'en',
    });
  });
});
