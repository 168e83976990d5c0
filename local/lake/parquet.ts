import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ulid } from 'ulidx';
import { sqlString } from '#shared/analytics/duckdb-lake.ts';

export type ParquetWriter = {
  /**
   * Writes the rows that `select` returns from the JSON-lines file at `source` (read with the
   * given column types) into one Parquet file per `dt` value:
   * `<targetDir>/dt=<dt>/part-<fileId>.parquet`. Each file appears at once (written under a
   * hidden temporary name, then renamed), and the same `fileId` overwrites the same files, so
   * converting a batch twice (after a crash) leaves no duplicates.
   */
  convert: (options: {
    source: string;
    columns: Record<string, string>;
    select: string;
    targetDir: string;
    fileId?: string;
  }) => Promise<string[]>;
  close: () => Promise<void>;
};

/** A lazily opened in-memory DuckDB used only to convert JSON lines to Parquet. */
export const createParquetWriter = (): ParquetWriter => {
  let opened: Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> | undefined;
  const open = () => {
    opened ??= (async () => {
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      const connection = await instance.connect();
      await connection.run("SET TimeZone = 'UTC'").catch(() => undefined);
      return { instance, connection };
    })();
    return opened;
  };
  return {
    convert: async ({ source, columns, select, targetDir, fileId = ulid() }) => {
      const { connection } = await open();
      const columnSpec = `{${Object.entries(columns)
        .map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`)
        .join(', ')}}`;
      const input = `read_json(${sqlString(source)}, format = 'newline_delimited', columns = ${columnSpec})`;
      const partitions = (await connection.runAndReadAll(`SELECT DISTINCT dt FROM ${input} ORDER BY dt`))
        .getRowObjectsJS()
        .map((row) => String(row.dt));
      const written: string[] = [];
      for (const dt of partitions) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(dt)) continue;
        const target = join(targetDir, `dt=${dt}`, `part-${fileId}.parquet`);
        const temporary = join(dirname(target), `.part-${fileId}.parquet.tmp`);
        mkdirSync(dirname(target), { recursive: true });
        try {
          await connection.run(
            `COPY (SELECT ${select} FROM ${input} WHERE dt = ${sqlString(dt)}) TO ${sqlString(temporary)} (FORMAT parquet, COMPRESSION zstd)`,
          );
          renameSync(temporary, target);
        } finally {
          rmSync(temporary, { force: true });
        }
        written.push(target);
      }
      return written;
    },
    close: async () => {
      const current = opened;
      opened = undefined;
      if (!current) return;
      const { instance, connection } = await current;
      connection.closeSync();
      instance.closeSync();
    },
  };
};
