import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulidx';
import { dimensionNamed } from '#shared/analytics/dimensions.schema.ts';
import type { DimensionSink } from '#shared/analytics/dimensions.service.ts';
import { createParquetWriter } from './parquet.ts';

/**
 * The local dimension sink: each snapshot of a dimension becomes one Parquet file
 * `<lake>/dimensions/<name>/dt=<snapshot date>/part-<ulid>.parquet` (via a JSON-lines file that
 * DuckDB converts). `close` releases DuckDB.
 */
export const localDimensionSink = (lakeDir: string): DimensionSink & { close: () => Promise<void> } => {
  const parquet = createParquetWriter();
  return {
    write: async (name, rows, snapshotAt) => {
      const dimension = dimensionNamed(name);
      const spoolDir = join(lakeDir, '_spool');
      mkdirSync(spoolDir, { recursive: true });
      const source = join(spoolDir, `dimension-${name}-${ulid()}.jsonl`);
      const dt = snapshotAt.slice(0, 10);
      writeFileSync(source, rows.map((row) => `${JSON.stringify({ ...row, dt })}\n`).join(''));
      const columns = Object.fromEntries([
        ...dimension.columns.map((column) => [
          column.name,
          column.duckdb === 'TIMESTAMP' ? 'VARCHAR' : column.duckdb,
        ]),
        ['dt', 'VARCHAR'],
      ]);
      const select = dimension.columns
        .map((column) =>
          column.duckdb === 'TIMESTAMP'
            ? `CAST(replace(${column.name}, 'Z', '') AS TIMESTAMP) AS ${column.name}`
            : column.name,
        )
        .join(', ');
      try {
        await parquet.convert({ source, columns, select, targetDir: join(lakeDir, 'dimensions', name) });
      } finally {
        rmSync(source, { force: true });
      }
    },
    close: () => parquet.close(),
  };
};
