import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runLocalSnapshot } from '#local/lake/snapshot.ts';
import { dimensionJsonLines, dimensionObjectKey } from '#shared/analytics/dimension-sink-s3.ts';
import type { DimensionName, DimensionRow } from '#shared/analytics/dimensions.schema.ts';
import { type DimensionSink, runDimensionsSnapshot } from '#shared/analytics/dimensions.service.ts';
import { openLake } from '#shared/analytics/duckdb-lake.ts';
import { campaignItem } from '#shared/campaigns/campaign.entity.ts';
import type { Campaign } from '#shared/campaigns/campaign.schema.ts';
import { nowIso, setClock } from '#shared/platform/clock.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { newId } from '#shared/platform/ids.ts';
import { cliRunner } from '../support/frontoffice-cli.ts';
import { invoke } from '../support/invoke.ts';

const unique = () => Math.random().toString(36).slice(2, 10);

afterEach(() => setClock());

const at = (iso: string) => setClock({ now: () => new Date(iso) });

/** A sink that only records what it is given. */
const recordingSink = () => {
  const written: { name: DimensionName; rows: readonly DimensionRow[] }[] = [];
  const sink: DimensionSink = {
    write: async (name, rows) => {
      written.push({ name, rows });
    },
  };
  const rowsOf = (name: DimensionName) =>
    written.filter((entry) => entry.name === name).flatMap((e) => e.rows);
  return { sink, rowsOf };
};

const createCampaign = async (): Promise<string> => {
  const now = nowIso();
  const campaign: Campaign = {
    id: newId(),
    createdAt: now,
    updatedAt: now,
    version: 1,
    name: 'Frühjahrsaktion',
    segmentId: newId(),
    templateId: newId(),
    purpose: 'newsletter',
    costs: { amount: '250.00', currency: 'EUR' },
    attributionDays: 30,
    scheduledAt: null,
    status: 'draft',
    configurationSetName: 'cs',
    segmentGeneration: null,
    startedAt: null,
    sentAt: null,
    cancelledAt: null,
  };
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  uow.create(campaignItem(campaign), () => new Error('exists'));
  await uow.commit();
  return campaign.id;
};

describe('dimensions snapshot', () => {
  it('writes one non-personal row per changed record, then only what changed since the checkpoint', async () => {
    // Prepare: records created through the APIs at 10:00
    at('2026-03-02T10:00:00.000Z');
    const account = await invoke('POST', '/v1/accounts', { body: { name: `Werk ${unique()}` } });
    const contact = await invoke('POST', '/v1/contacts', {
      body: {
        firstName: 'Jürgen',
        lastName: 'Weiß',
        email: `juergen.${unique()}@werk.de`,
        phone: '+49 30 1234567',
        accountId: account.json.id,
        language: 'en',
      },
    });
    expect(contact.status).toBe(201);
    const deal = await invoke('POST', '/v1/opportunities', {
      body: {
        name: 'Fräsmaschinen',
        amount: { amount: '12500.50', currency: 'EUR' },
        expectedCloseDate: '2026-06-30',
        accountId: account.json.id,
      },
      role: 'sales',
      sub: 'rep-anna',
    });
    expect(deal.status).toBe(201);
    const ticket = await invoke('POST', '/v1/tickets', {
      body: {
        subject: 'Defektes Produkt',
        description: 'Geht nicht.',
        email: `kunde.${unique()}@example.de`,
      },
      role: 'service',
    });
    expect(ticket.status).toBe(201);
    const campaignId = await createCampaign();

    // Act: the first run takes everything
    at('2026-03-02T11:00:00.000Z');
    const first = recordingSink();
    const firstRun = await runDimensionsSnapshot(first.sink);

    // Assert
    expect(firstRun.since).toBeNull();
    expect(first.rowsOf('opportunities')).toContainEqual({
      id: deal.json.id,
      owner_id: 'rep-anna',
      account_id: account.json.id,
      stage: 'qualification',
      amount: '12500.50',
      currency: 'EUR',
      expected_close_date: '2026-06-30',
      created_at: '2026-03-02T10:00:00.000Z',
      updated_at: '2026-03-02T10:00:00.000Z',
      snapshot_at: '2026-03-02T11:00:00.000Z',
    });
    expect(first.rowsOf('contacts')).toContainEqual(
      expect.objectContaining({ id: contact.json.id, account_id: account.json.id, language: 'en' }),
    );
    expect(first.rowsOf('tickets')).toContainEqual(
      expect.objectContaining({ id: ticket.json.id, team: ticket.json.team, category: ticket.json.category }),
    );
    expect(first.rowsOf('campaigns')).toContainEqual(
      expect.objectContaining({ id: campaignId, cost: '250.00', currency: 'EUR', attribution_days: 30 }),
    );
    const everything = JSON.stringify([
      first.rowsOf('contacts'),
      first.rowsOf('opportunities'),
      first.rowsOf('tickets'),
      first.rowsOf('campaigns'),
    ]);
    for (const personal of ['Jürgen', 'Weiß', '@werk.de', '1234567', 'Fräsmaschinen', 'Frühjahrsaktion']) {
      expect(everything).not.toContain(personal);
    }

    // Act: an hour later only the moved deal changed
    at('2026-03-02T11:30:00.000Z');
    const moved = await invoke('POST', `/v1/opportunities/${deal.json.id}/stage`, {
      body: { stage: 'proposal' },
      role: 'sales',
      headers: { 'if-match': '"1"' },
    });
    expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    at('2026-03-02T12:00:00.000Z');
    const second = recordingSink();
    const secondRun = await runDimensionsSnapshot(second.sink);

    // Assert: read from the checkpoint (the first run's start minus the overlap)
    expect(secondRun.since).toBe('2026-03-02T10:55:00.000Z');
    expect(second.rowsOf('opportunities').map((row) => [row.id, row.stage])).toEqual([
      [deal.json.id, 'proposal'],
    ]);
    expect(second.rowsOf('contacts')).toEqual([]);
    expect(second.rowsOf('tickets')).toEqual([]);
    expect(second.rowsOf('campaigns')).toEqual([]);
  });

  it('writes Parquet locally that the dim_ views read as the latest row per id', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'frontoffice-dims-'));
    at('2026-04-01T08:00:00.000Z');
    const deal = await invoke('POST', '/v1/opportunities', {
      body: { name: 'Deal', amount: { amount: '99.90', currency: 'EUR' }, expectedCloseDate: '2026-05-01' },
      role: 'sales',
    });
    at('2026-04-01T09:00:00.000Z');
    await runLocalSnapshot(dataDir);
    await invoke('POST', `/v1/opportunities/${deal.json.id}/stage`, {
      body: { stage: 'proposal' },
      role: 'sales',
      headers: { 'if-match': '"1"' },
    });

    // Act
    at('2026-04-02T09:00:00.000Z');
    await runLocalSnapshot(dataDir);

    // Assert
    const dims = join(dataDir, 'lake', 'dimensions', 'opportunities');
    expect(readdirSync(dims).sort()).toEqual(['dt=2026-04-01', 'dt=2026-04-02']);
    const lake = await openLake(join(dataDir, 'lake'));
    try {
      expect(
        await lake.run(
          `SELECT id, stage, amount, snapshot_at FROM dim_opportunities WHERE id = '${deal.json.id}'`,
        ),
      ).toEqual([
        { id: deal.json.id, stage: 'proposal', amount: '99.90', snapshot_at: '2026-04-02T09:00:00.000Z' },
      ]);
      const versions = await lake.run(
        `SELECT count(*) AS n FROM read_parquet('${dims}/*/*.parquet') WHERE id = '${deal.json.id}'`,
      );
      expect(versions).toEqual([{ n: 2 }]);
    } finally {
      lake.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('`frontoffice snapshot` takes one snapshot of the running table into <dataDir>/lake', async () => {
    // Prepare: a contact in this file's table, the CLI pointed at its DynamoDB Local and table
    const contact = await invoke('POST', '/v1/contacts', {
      body: { firstName: 'Eva', lastName: 'Klein', email: `eva.${unique()}@example.de` },
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'frontoffice-snapshot-cli-'));
    const port = new URL(process.env.DYNAMODB_ENDPOINT ?? '').port;
    const runCli = cliRunner(dataDir, 60_000);

    try {
      // Act
      const outcome = await runCli(['snapshot'], {
        DYNAMODB_PORT: port,
        TABLE_NAME: process.env.TABLE_NAME ?? '',
      });

      // Assert
      expect(outcome.stderr).toBe('');
      expect(outcome.stdout).toMatch(
        /^Dimensions snapshot at .*: opportunities \d+, campaigns \d+, tickets \d+, contacts \d+ /,
      );
      const lake = await openLake(join(dataDir, 'lake'));
      try {
        expect(await lake.run(`SELECT id FROM dim_contacts WHERE id = '${contact.json.id}'`)).toEqual([
          { id: contact.json.id },
        ]);
      } finally {
        lake.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('writes gzip JSON lines with Hive timestamps for the Glue tables on AWS', () => {
    const body = dimensionJsonLines('campaigns', [
      {
        id: 'c1',
        status: 'sent',
        cost: '10.00',
        currency: 'EUR',
        attribution_days: 14,
        sent_at: '2026-01-02T03:04:05.678Z',
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-02T03:04:05.678Z',
        snapshot_at: '2026-01-02T04:00:00.000Z',
      },
    ]);
    expect(JSON.parse(gunzipSync(body).toString())).toEqual({
      id: 'c1',
      status: 'sent',
      cost: '10.00',
      currency: 'EUR',
      attribution_days: 14,
      sent_at: '2026-01-02 03:04:05.678',
      created_at: '2026-01-01 00:00:00.000',
      updated_at: '2026-01-02 03:04:05.678',
      snapshot_at: '2026-01-02 04:00:00.000',
    });
    expect(dimensionObjectKey('campaigns', '2026-01-02T04:00:00.000Z', 'X')).toBe(
      'dimensions/campaigns/dt=2026-01-02/part-X.json.gz',
    );
  });
});
