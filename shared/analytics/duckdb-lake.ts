import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DIMENSIONS } from './dimensions.schema.ts';

/** A value of a result row: JSON-safe (timestamps as ISO text, integers as numbers when safe). */
export type LakeValue = string | number | boolean | null | LakeValue[] | { [key: string]: LakeValue };
export type LakeRowObject = Record<string, LakeValue>;

export type Lake = {
  /** Runs one or more statements; the rows of the last one. */
  run: (sql: string) => Promise<LakeRowObject[]>;
  /** As `run`, with the column names in result order (for tables and CSV). */
  query: (sql: string) => Promise<{ columns: string[]; rows: LakeRowObject[] }>;
  close: () => void;
};

/** SQL string literal. */
export const sqlString = (value: string): string => `'${value.replaceAll("'", "''")}'`;

const hasParquet = (dir: string): boolean => {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some(
    (entry) =>
      entry.isDirectory() &&
      readdirSync(join(dir, entry.name)).some((file) => file.endsWith('.parquet') && !file.startsWith('.')),
  );
};

const EVENTS_EMPTY = `SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS name, NULL::INTEGER AS version,
  NULL::TIMESTAMP AS occurred_at, NULL::VARCHAR AS actor_type, NULL::VARCHAR AS actor_id,
  NULL::VARCHAR AS subject_type, NULL::VARCHAR AS subject_id, NULL::VARCHAR AS data, NULL::VARCHAR AS dt
  WHERE false`;

/** `read_parquet` over one hive-partitioned directory (`<dir>/dt=…/part-….parquet`). */
const readPartitioned = (dir: string): string =>
  `read_parquet(${sqlString(join(dir, '*', '*.parquet'))}, hive_partitioning = true, hive_types = {'dt': VARCHAR}, union_by_name = true)`;

/** The view statements of a lake directory: `events` and one `dim_<name>` per dimension. */
export const lakeViews = (lakeDir: string): string[] => {
  const eventsDir = join(lakeDir, 'events');
  const views = [
    `CREATE OR REPLACE VIEW events AS ${
      hasParquet(eventsDir)
        ? `SELECT id, name, version, occurred_at, actor_type, actor_id, subject_type, subject_id, data, dt FROM ${readPartitioned(eventsDir)}`
        : EVENTS_EMPTY
    }`,
  ];
  for (const dimension of DIMENSIONS) {
    const dir = join(lakeDir, 'dimensions', dimension.name);
    const columns = dimension.columns.map((column) => column.name).join(', ');
    const body = hasParquet(dir)
      ? `SELECT ${columns} FROM ${readPartitioned(dir)} QUALIFY row_number() OVER (PARTITION BY id ORDER BY snapshot_at DESC) = 1`
      : `SELECT ${dimension.columns
          .map((column) => `NULL::${column.duckdb} AS ${column.name}`)
          .join(', ')} WHERE false`;
    views.push(`CREATE OR REPLACE VIEW dim_${dimension.name} AS ${body}`);
  }
  return views;
};

const toLakeValue = (value: unknown): LakeValue => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toLakeValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toLakeValue(item)]));
  }
  return String(value);
};

/**
 * One in-memory DuckDB connection over a lake directory (`<FRONTOFFICE_DATA_DIR>/lake`): the view
 * `events` over `events/dt=…/*.parquet` and the `dim_<name>` views (latest row per id). Which
 * partitions exist is read when the lake opens; open it again to see directories created since.
 * DuckDB reads timestamps as UTC (`TimeZone` is set to UTC).
 */
export const openLake = async (lakeDir: string): Promise<Lake> => {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'").catch(() => undefined);
  for (const view of lakeViews(lakeDir)) await connection.run(view);
  const query = async (sql: string) => {
    const reader = await connection.runAndReadAll(sql);
    const columns = reader.columnNames();
    const rows = reader
      .getRowObjectsJS()
      .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, toLakeValue(value)])));
    return { columns, rows };
  };
  return {
    query,
    run: async (sql) => (await query(sql)).rows,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
};
