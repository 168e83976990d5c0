// Acceptance (issue 6): "After `frontoffice seed` and a scripted scenario, each KPI of section 7
// returns the value a hand-computed fixture expects, through DuckDB and through the dashboards
// API." The real seed runs against the API served in-process; its events and the scenario's go
// both ways: through the lake writer into Parquet (DuckDB runs the KPI SQL) and through the report
// aggregator (the dashboards API answers from its counters). The seed happens today, the scenario
// in its own period, so the seed must change no figure of that period.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHttpServer } from '#local/http/http-server.ts';
import { seed } from '#local/seed/seed.ts';
import type { Lake } from '#shared/analytics/duckdb-lake.ts';
import { runKpi } from '#shared/analytics/kpi.ts';
import { KPI_NAMES } from '#shared/analytics/kpi-names.ts';
import { KPI_EXPECTED, KPI_PERIOD, kpiScenarioEvents } from '../fixtures/kpi-scenario.ts';
import { invoke } from '../support/invoke.ts';
import { feedReports, reportedOnly, storeScenarioCampaigns } from '../support/kpi-scenario-feed.ts';
import { openKpiScenarioLake } from '../support/kpi-scenario-lake.ts';
import { startLocalApi } from '../support/local-api.ts';
import { outboxEvents } from '../support/outbox.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'fo-kpi-after-seed-'));
const lakeDir = join(dataDir, 'lake');
let server: RunningHttpServer;
let lake: Lake;
let seededEvents = 0;

beforeAll(async () => {
  const api = await startLocalApi(dataDir, 'kpi-after-seed');
  server = api.server;
  await seed({ baseUrl: server.url, token: api.adminToken, log: () => undefined, concurrency: 4 });
  const seeded = await outboxEvents();
  seededEvents = seeded.length;
  const events = [...seeded, ...kpiScenarioEvents];

  // The lake: every event as the local bus delivers it, and the campaign dimension snapshots.
  lake = await openKpiScenarioLake(lakeDir, events);

  // The counters: the events the `reports` rule routes, and the scenario's campaign records.
  await storeScenarioCampaigns();
  await feedReports(reportedOnly(events));
}, 300_000);

afterAll(async () => {
  lake?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('KPIs after the seed and the scripted scenario', () => {
  it('has the seed in the lake next to the scenario', async () => {
    expect(seededEvents).toBeGreaterThan(200);
    const [row] = await lake.run('SELECT count(*) AS n FROM events');
    expect(Number(row?.n)).toBe(seededEvents + kpiScenarioEvents.length);
  });

  it.each(KPI_NAMES)('%s: DuckDB over the lake gives the hand-computed value', async (name) => {
    expect((await runKpi(lake, name, KPI_PERIOD)).rows).toEqual(KPI_EXPECTED[name]);
  });

  it('the dashboards API gives the same values for every KPI', async () => {
    const answer = await invoke('GET', `/v1/reports/kpis?from=${KPI_PERIOD.from}&to=${KPI_PERIOD.to}`, {
      role: 'analyst',
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const kpis = answer.json.kpis as { name: keyof typeof KPI_EXPECTED; rows: unknown[] }[];
    expect(kpis.map((kpi) => kpi.name)).toEqual([...KPI_NAMES]);
    for (const kpi of kpis) expect(kpi.rows, kpi.name).toEqual(KPI_EXPECTED[kpi.name]);
  });
});
