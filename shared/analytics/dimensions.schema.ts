/**
 * The non-personal dimensions of the lake (docs/analytics.md): one row per record version with
 * `snapshot_at`; the view `dim_<name>` keeps the latest row per id. Ids and codes only, never
 * names, emails, phone numbers or addresses. Amounts are decimal text (no float rounding).
 */
export type DimensionColumn = {
  name: string;
  /** DuckDB type (local Parquet). */
  duckdb: 'VARCHAR' | 'INTEGER' | 'TIMESTAMP';
  /** Glue/Athena type (JSON lines on AWS). */
  glue: 'string' | 'int' | 'timestamp';
};

export type DimensionName = 'opportunities' | 'campaigns' | 'tickets' | 'contacts';

export type Dimension = { name: DimensionName; columns: readonly DimensionColumn[] };

const text = (name: string): DimensionColumn => ({ name, duckdb: 'VARCHAR', glue: 'string' });
const time = (name: string): DimensionColumn => ({ name, duckdb: 'TIMESTAMP', glue: 'timestamp' });
const int = (name: string): DimensionColumn => ({ name, duckdb: 'INTEGER', glue: 'int' });

export const DIMENSIONS: readonly Dimension[] = [
  {
    name: 'opportunities',
    columns: [
      text('id'),
      text('owner_id'),
      text('account_id'),
      text('stage'),
      text('amount'),
      text('currency'),
      text('expected_close_date'),
      time('created_at'),
      time('updated_at'),
      time('snapshot_at'),
    ],
  },
  {
    name: 'campaigns',
    columns: [
      text('id'),
      text('status'),
      text('cost'),
      text('currency'),
      int('attribution_days'),
      time('sent_at'),
      time('created_at'),
      time('updated_at'),
      time('snapshot_at'),
    ],
  },
  {
    name: 'tickets',
    columns: [
      text('id'),
      text('category'),
      text('team'),
      text('priority'),
      text('assignee_id'),
      text('status'),
      time('created_at'),
      time('updated_at'),
      time('snapshot_at'),
    ],
  },
  {
    name: 'contacts',
    columns: [
      text('id'),
      text('account_id'),
      text('owner_id'),
      text('lifecycle_stage'),
      text('language'),
      time('created_at'),
      time('updated_at'),
      time('snapshot_at'),
    ],
  },
];

/** The dimension of that name (a sink's write names it). */
export const dimensionNamed = (name: string): Dimension => {
  const dimension = DIMENSIONS.find((candidate) => candidate.name === name);
  if (!dimension) throw new Error(`Unknown dimension ${name}`);
  return dimension;
};

/** A dimension row as written: every column present, timestamps as ISO-8601 UTC text or null. */
export type DimensionRow = Record<string, string | number | null>;
