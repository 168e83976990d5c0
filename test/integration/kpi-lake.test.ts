import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiCommand } from '#local/cli/kpi-command.ts';
import type { Lake } from '#shared/analytics/duckdb-lake.ts';
import { runKpi } from '#shared/analytics/kpi.ts';
import { KPI_NAMES } from '#shared/analytics/kpi-names.ts';
import { KPI_EXPECTED, KPI_PERIOD, kpiScenarioEvents } from '../fixtures/kpi-scenario.ts';
import { openKpiScenarioLake } from '../support/kpi-scenario-lake.ts';

// The scripted scenario goes through the real local export path (lake writer → Parquet per day,
// dimension sink → Parquet per snapshot), then every KPI's SQL runs on DuckDB over that lake and
// must give the fixture's hand-computed values.

let root: string;
let lake: Lake;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'frontoffice-kpi-'));
  lake = await openKpiScenarioLake(join(root, 'lake'), kpiScenarioEvents);
});

afterAll(() => {
  lake?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('KPI SQL on the local lake (DuckDB)', () => {
  it('has the scenario in the lake, partitioned by day, with the latest campaign snapshot', async () => {
    expect(await lake.run('SELECT count(*) AS n FROM events')).toEqual([{ n: kpiScenarioEvents.length }]);
    const days = await lake.run('SELECT count(DISTINCT dt) AS n FROM events');
    expect(Number(days[0]?.n)).toBeGreaterThan(20);
    expect(await lake.run(`SELECT cost FROM dim_campaigns WHERE id = 'cmp-1'`)).toEqual([{ cost: '500.00' }]);
  });

  it.each(KPI_NAMES)('%s equals the hand-computed value', async (name) => {
    const result = await runKpi(lake, name, KPI_PERIOD);
    expect(result.rows).toEqual(KPI_EXPECTED[name]);
    expect(result.columns).toEqual(Object.keys(KPI_EXPECTED[name][0] ?? {}));
  });

  it('returns empty counts and null rates (never 0) for a period without events', async () => {
    const empty = { from: '2024-01-01', to: '2024-02-01' };
    expect((await runKpi(lake, 'lead-conversion', empty)).rows).toEqual([
      { captured: 0, converted: 0, rate: null },
    ]);
    expect((await runKpi(lake, 'nps', empty)).rows).toEqual([
      { answers: 0, promoters: 0, detractors: 0, nps: null },
    ]);
    expect((await runKpi(lake, 'sales-cycle', empty)).rows).toEqual([{ won: 0, avg_days: null }]);
    expect((await runKpi(lake, 'churn-rate', empty)).rows).toEqual([{ base: 0, churned: 0, rate: null }]);
    expect((await runKpi(lake, 'leads-per-source', empty)).rows).toEqual([]);
  });

  it('moves with the period: April sees the events March ignored', async () => {
    const april = { from: '2026-04-01', to: '2026-05-01' };
    expect((await runKpi(lake, 'leads-per-source', april)).rows).toEqual([{ source: 'referral', leads: 1 }]);
    expect((await runKpi(lake, 'lost-reasons', april)).rows).toEqual([
      { lost_reason: 'competitor', lost: 1, share: 1 },
    ]);
    // Base window [2025-10-03, 2026-04-01): k-12, k-7, k-1, k-11, k-10 and the March buyers k-6,
    // k-2, k-4, k-3 = 9 (k-9's only order is 2025-09-02); only k-11 orders in April: 8/9 churned.
    expect((await runKpi(lake, 'churn-rate', april)).rows).toEqual([{ base: 9, churned: 8, rate: 0.8889 }]);
    // k-5's first order (o-19); k-11 had ordered in February.
    expect((await runKpi(lake, 'new-customers', april)).rows).toEqual([{ new_customers: 1 }]);
  });
});

describe('frontoffice kpi', () => {
  const withDataDir = async <T>(run: () => Promise<T>): Promise<T> => {
    const previous = process.env.FRONTOFFICE_DATA_DIR;
    process.env.FRONTOFFICE_DATA_DIR = root;
    try {
      return await run();
    } finally {
      if (previous === undefined) delete process.env.FRONTOFFICE_DATA_DIR;
      else process.env.FRONTOFFICE_DATA_DIR = previous;
    }
  };
  const kpi = (args: string[]) =>
    withDataDir(async () => {
      let text = '';
      const code = await kpiCommand(args, (chunk) => {
        text += chunk;
      });
      return { code, text };
    });

  it('prints a KPI of the local lake as CSV, JSON and an aligned table', async () => {
    const period = ['--from', KPI_PERIOD.from, '--to', KPI_PERIOD.to];
    expect(await kpi(['revenue-per-rep', ...period, '--format', 'csv'])).toEqual({
      code: 0,
      text: 'owner_id,currency,won,revenue\r\nu-anna,EUR,2,3500.50\r\nu-ben,USD,1,700.00\r\n,EUR,1,300.25\r\n',
    });
    const json = await kpi(['win-rate', ...period, '--format', 'json']);
    expect(JSON.parse(json.text)).toEqual(KPI_EXPECTED['win-rate']);
    const table = await kpi(['lost-reasons', ...period]);
    expect(table.code).toBe(0);
    const lines = table.text.split('\n');
    expect(lines[0]).toMatch(/^lost_reason\s+\|?\s*lost\s+\|?\s*share/);
    expect(table.text).toContain('0.6667');
    expect(table.text).toContain('timing');
  });

  it('refuses unknown KPIs, bad dates and reversed periods with one line, and lists the KPIs', async () => {
    await expect(kpi(['profit', '--from', '2026-03-01', '--to', '2026-04-01'])).rejects.toThrow(
      /Unknown KPI "profit"/,
    );
    await expect(kpi(['nps', '--from', '2026-02-30', '--to', '2026-04-01'])).rejects.toThrow(
      /--from must be a date YYYY-MM-DD/,
    );
    await expect(kpi(['nps', '--from', '2026-04-01', '--to', '2026-03-01'])).rejects.toThrow(
      /must be after --from/,
    );
    await expect(kpi(['nps', '--from', '2026-03-01'])).rejects.toThrow(/Usage: frontoffice kpi/);
    const list = await kpi(['list']);
    expect(list.code).toBe(0);
    for (const name of KPI_NAMES) expect(list.text).toContain(`  ${name}\n`);
  });
});
