import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLocalBus } from '#local/bus/bus.ts';
import { createLakeWriter } from '#local/lake/lake-writer.ts';
import { openLake } from '#shared/analytics/duckdb-lake.ts';
import { lakeRow, looksLikeEmail } from '#shared/analytics/lake-row.ts';
import type { EventRoute } from '#shared/platform/events/routing.ts';

const event = (id: string, occurredAt: string, data: Record<string, unknown> = {}) => ({
  id,
  name: 'opportunity.won',
  version: 1,
  occurredAt,
  actor: { type: 'user', id: 'user-1' },
  subject: { type: 'opportunity', id: `opp-${id}` },
  data,
});

const lakes: string[] = [];
const newLake = () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontoffice-lake-'));
  lakes.push(dir);
  return join(dir, 'lake');
};
const open: { close: () => void }[] = [];
afterEach(() => {
  for (const lake of open.splice(0)) lake.close();
});
afterAll(() => {
  for (const dir of lakes) rmSync(dir, { recursive: true, force: true });
});

describe('lakeRow', () => {
  it('maps the envelope to the flat record of the Firehose input transformer, data as JSON text', () => {
    const result = lakeRow(event('e1', '2025-03-01T23:59:59.999Z', { amount: '10.00', stage: 'won' }));
    expect(result?.row).toEqual({
      id: 'e1',
      name: 'opportunity.won',
      version: 1,
      occurred_at: '2025-03-01T23:59:59.999Z',
      actor_type: 'user',
      actor_id: 'user-1',
      subject_type: 'opportunity',
      subject_id: 'opp-e1',
      data: '{"amount":"10.00","stage":"won"}',
      dt: '2025-03-01',
    });
    expect(result?.redacted).toEqual([]);
    expect(lakeRow({ name: 'x' })).toBeUndefined();
    expect(lakeRow(event('e2', 'not a time'))).toBeUndefined();
  });

  it('drops email-like strings anywhere in data and reports their paths only', () => {
    const result = lakeRow(
      event('e3', '2025-03-01T10:00:00.000Z', {
        contactId: 'c-1',
        note: 'write to Anna.Muster@example.com',
        nested: { to: ['x@y.de', 'ok'], keep: 3 },
      }),
    );
    expect(JSON.parse(result?.row.data ?? '')).toEqual({
      contactId: 'c-1',
      nested: { to: [null, 'ok'], keep: 3 },
    });
    expect(result?.redacted).toEqual(['$.note', '$.nested.to[0]']);
    expect(result?.row.data).not.toContain('@');
    expect(looksLikeEmail('a@b')).toBe(false);
  });
});

describe('lake writer', () => {
  it('writes each event into the Parquet partition of its occurredAt date, readable through openLake', async () => {
    // Prepare
    const lakeDir = newLake();
    const writer = createLakeWriter({ lakeDir, flushIntervalMs: 60_000 });

    // Act
    writer.write(event('a', '2025-03-01T10:00:00.250Z', { amount: '1200.50' }));
    writer.write(event('b', '2025-03-01T23:59:59.000Z'));
    writer.write(event('c', '2025-03-02T00:00:00.000Z'));
    expect(writer.pending()).toBe(3);
    await writer.flush();

    // Assert
    expect(readdirSync(join(lakeDir, 'events')).sort()).toEqual(['dt=2025-03-01', 'dt=2025-03-02']);
    expect(readdirSync(join(lakeDir, 'events', 'dt=2025-03-01'))).toEqual([
      expect.stringMatching(/^part-[0-9A-Z]{26}\.parquet$/),
    ]);
    const lake = await openLake(lakeDir);
    open.push(lake);
    const rows = await lake.run(
      "SELECT id, version, occurred_at, dt, data->>'amount' AS amount, typeof(occurred_at) AS type FROM events ORDER BY id",
    );
    expect(rows).toEqual([
      {
        id: 'a',
        version: 1,
        occurred_at: '2025-03-01T10:00:00.250Z',
        dt: '2025-03-01',
        amount: '1200.50',
        type: 'TIMESTAMP',
      },
      {
        id: 'b',
        version: 1,
        occurred_at: '2025-03-01T23:59:59.000Z',
        dt: '2025-03-01',
        amount: null,
        type: 'TIMESTAMP',
      },
      {
        id: 'c',
        version: 1,
        occurred_at: '2025-03-02T00:00:00.000Z',
        dt: '2025-03-02',
        amount: null,
        type: 'TIMESTAMP',
      },
    ]);
    await writer.stop();
  });

  it('loses no buffered event on stop, and converts a spool a crash left behind exactly once', async () => {
    // Prepare: a writer stopped normally with events still buffered
    const lakeDir = newLake();
    const first = createLakeWriter({ lakeDir, flushIntervalMs: 60_000 });
    first.write(event('s1', '2025-04-01T08:00:00.000Z'));
    await first.stop();
    // …and a crash: an active spool plus a batch whose conversion may or may not have finished
    const spool = join(lakeDir, '_spool');
    const row = (id: string) => `${JSON.stringify(lakeRow(event(id, '2025-04-02T08:00:00.000Z'))?.row)}\n`;
    writeFileSync(join(spool, 'events.jsonl'), row('crash-active'));
    writeFileSync(join(spool, 'events-01JQ0000000000000000000000.jsonl'), row('crash-batch'));
    const second = createLakeWriter({ lakeDir, flushIntervalMs: 60_000 });
    await second.flush();
    writeFileSync(join(spool, 'events-01JQ0000000000000000000000.jsonl'), row('crash-batch'));

    // Act
    second.start();
    await second.stop();

    // Assert
    const lake = await openLake(lakeDir);
    open.push(lake);
    expect(await lake.run('SELECT id, count(*) AS n FROM events GROUP BY id ORDER BY id')).toEqual([
      { id: 'crash-active', n: 1 },
      { id: 'crash-batch', n: 1 },
      { id: 's1', n: 1 },
    ]);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('is the local bus target of the analytics routes and flushes when the bus stops', async () => {
    // Prepare
    const lakeDir = newLake();
    const routes: EventRoute[] = [
      { name: 'lake', description: 'analytics', events: 'all', target: { kind: 'analytics' } },
    ];
    const bus = await createLocalBus({
      routes,
      analytics: createLakeWriter({ lakeDir, flushIntervalMs: 60_000 }),
    });
    bus.start();

    // Act
    const results = bus.put([
      {
        Source: 'frontoffice',
        DetailType: 'opportunity.won',
        Detail: JSON.stringify(event('bus-1', '2025-05-05T05:05:05.000Z')),
      },
      {
        Source: 'other',
        DetailType: 'opportunity.won',
        Detail: JSON.stringify(event('bus-2', '2025-05-05T05:05:05.000Z')),
      },
    ]);
    await bus.stop();

    // Assert
    expect(results.every((result) => 'EventId' in result)).toBe(true);
    const lake = await openLake(lakeDir);
    open.push(lake);
    expect(await lake.run('SELECT id, dt FROM events')).toEqual([{ id: 'bus-1', dt: '2025-05-05' }]);
  });

  it('writes under <FRONTOFFICE_DATA_DIR>/lake by default, as `frontoffice start` runs it', async () => {
    // Prepare
    const dataDir = dirname(newLake());
    const previous = process.env.FRONTOFFICE_DATA_DIR;
    process.env.FRONTOFFICE_DATA_DIR = dataDir;
    try {
      const bus = await createLocalBus({
        routes: [{ name: 'lake', description: 'analytics', events: 'all', target: { kind: 'analytics' } }],
      });
      bus.start();

      // Act
      bus.put([
        {
          Source: 'frontoffice',
          DetailType: 'opportunity.won',
          Detail: JSON.stringify(event('default-1', '2025-06-01T12:00:00.000Z')),
        },
      ]);
      await bus.stop();
    } finally {
      if (previous === undefined) delete process.env.FRONTOFFICE_DATA_DIR;
      else process.env.FRONTOFFICE_DATA_DIR = previous;
    }

    // Assert
    const lake = await openLake(join(dataDir, 'lake'));
    open.push(lake);
    expect(await lake.run('SELECT id, dt FROM events')).toEqual([{ id: 'default-1', dt: '2025-06-01' }]);
  });

  it('opens an empty lake with typed, empty views', async () => {
    const lakeDir = newLake();
    mkdirSync(lakeDir, { recursive: true });
    const lake = await openLake(lakeDir);
    open.push(lake);
    expect(await lake.run('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
    expect(await lake.run('SELECT count(*) AS n FROM dim_opportunities')).toEqual([{ n: 0 }]);
    expect(existsSync(join(lakeDir, 'events'))).toBe(false);
  });
});
