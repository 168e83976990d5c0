import { localDimensionSink } from '#local/lake/dimension-sink.ts';
import { createLakeWriter } from '#local/lake/lake-writer.ts';
import { type Lake, openLake } from '#shared/analytics/duckdb-lake.ts';
import { prepareKpiViews } from '#shared/analytics/kpi.ts';
import type { DomainEvent } from '#shared/platform/events/event.ts';
import { kpiScenarioDimensions } from '../fixtures/kpi-scenario.ts';

/**
 * The lake the KPI SQL runs on, built through the real local export path: `events` through the
 * lake writer (Parquet per day, as the local bus delivers them) and the scenario's campaign
 * snapshots through the dimension sink (Parquet per snapshot), opened in DuckDB with the KPI views.
 */
export const openKpiScenarioLake = async (lakeDir: string, events: readonly DomainEvent[]): Promise<Lake> => {
  const writer = createLakeWriter({ lakeDir, flushIntervalMs: 60_000, maxPending: 100_000 });
  for (const event of events) writer.write(event);
  await writer.stop();
  const sink = localDimensionSink(lakeDir);
  const snapshots = Map.groupBy(kpiScenarioDimensions.campaigns, (row) => String(row.snapshot_at));
  for (const [snapshotAt, rows] of snapshots) await sink.write('campaigns', rows, snapshotAt);
  await sink.close();
  const lake = await openLake(lakeDir);
  await prepareKpiViews(lake);
  return lake;
};
