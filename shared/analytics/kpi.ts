import { readFileSync } from 'node:fs';
import type { Lake, LakeRowObject } from './duckdb-lake.ts';
import { KPI_NAMES, type KpiName, kpiViewName } from './kpi-names.ts';

/**
 * The KPI SQL of `analytics/` (docs/kpis.md, docs/analytics.md): per KPI a view
 * (`analytics/views/<name>.sql`, Trino/Athena SQL that DuckDB runs too) and a period query
 * (`analytics/kpis/<name>.sql`) with placeholders this module replaces by validated literals.
 */
const ANALYTICS_DIR = new URL('../../analytics/', import.meta.url);

/** The `CREATE OR REPLACE VIEW kpi_… AS …` statement of a KPI, as in its file. */
export const kpiViewSql = (name: KpiName): string =>
  readFileSync(new URL(`views/${name}.sql`, ANALYTICS_DIR), 'utf8');

/** The period query of a KPI, with its `{{…}}` placeholders. */
export const kpiPeriodSql = (name: KpiName): string =>
  readFileSync(new URL(`kpis/${name}.sql`, ANALYTICS_DIR), 'utf8');

/** SQL without `--` line comments and trailing blanks or semicolons (what Athena is sent). */
export const stripSqlComments = (sql: string): string =>
  sql
    .split('\n')
    .map((line) => line.replace(/--.*$/, '').trimEnd())
    .filter((line) => line !== '')
    .join('\n')
    .replace(/;\s*$/, '');

/**
 * Athena (Trino) functions the KPI SQL uses that DuckDB lacks, defined as DuckDB macros, so the
 * same files run in both. Everything else in the files is common to both dialects (CAST, CASE,
 * count(DISTINCT …), window sums, `timestamp + INTERVAL '1' DAY * n`, `DATE '…' - INTERVAL …`).
 */
export const DUCKDB_COMPAT_MACROS: readonly string[] = [
  // Trino: the scalar at a JSON path as varchar, NULL for JSON null or a missing path. For an
  // object or array Trino gives NULL and DuckDB its JSON text: the KPI SQL extracts only scalar
  // fields (test/unit/kpi-sql.test.ts checks the paths against the event contracts), and a guard
  // with json_type would parse every value twice on the hot path.
  'CREATE OR REPLACE MACRO json_extract_scalar(j, p) AS json_extract_string(j, p)',
];

/** A KPI period `[from, to)`: UTC dates, `from` inclusive, `to` exclusive (docs/kpis.md). */
export type KpiPeriod = { from: string; to: string };

/** Bad period or KPI name: a message for the user, never SQL text. */
export class KpiInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KpiInputError';
  }
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

const parseDate = (label: string, value: string): number => {
  const time = DATE_PATTERN.test(value) ? Date.parse(`${value}T00:00:00.000Z`) : Number.NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new KpiInputError(`${label} must be a date YYYY-MM-DD, got "${value}".`);
  }
  return time;
};

const isoDate = (time: number): string => new Date(time).toISOString().slice(0, 10);

/** The partition lag the period queries allow: `dt` is never earlier than the event's own day. */
const PARTITION_SLACK_DAYS = 1;
/** churn-rate's base window: the 180 days before `from` (docs/kpis.md). */
const CHURN_BASE_DAYS = 180;

/**
 * The literals a period query's placeholders become, all from validated dates (no user text
 * reaches the SQL): `{{from}}`/`{{to}}` as DATE literals; `{{from_dt}}`/`{{base_from_dt}}` as the
 * lowest `dt` partition that can hold an event of the period / of churn's base window (one day of
 * slack: on AWS `dt` is the delivery day, which is never before the event's day).
 */
export const periodLiterals = (period: KpiPeriod): Record<string, string> => {
  const from = parseDate('--from', period.from);
  const to = parseDate('--to', period.to);
  if (to <= from) throw new KpiInputError(`--to (${period.to}) must be after --from (${period.from}).`);
  return {
    from: `DATE '${period.from}'`,
    to: `DATE '${period.to}'`,
    from_dt: `'${isoDate(from - PARTITION_SLACK_DAYS * DAY_MS)}'`,
    base_from_dt: `'${isoDate(from - (CHURN_BASE_DAYS + PARTITION_SLACK_DAYS) * DAY_MS)}'`,
  };
};

/** Replaces every `{{name}}` of a period query; an unknown placeholder is a programming error. */
export const renderKpiSql = (sql: string, period: KpiPeriod): string => {
  const literals = periodLiterals(period);
  return sql.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, key: string) => {
    const literal = literals[key];
    if (literal === undefined) throw new Error(`Unknown KPI placeholder {{${key}}}.`);
    return literal;
  });
};

/** Defines the DuckDB macros and every KPI view on an open lake (idempotent). */
export const prepareKpiViews = async (lake: Pick<Lake, 'run'>): Promise<void> => {
  for (const macro of DUCKDB_COMPAT_MACROS) await lake.run(macro);
  for (const name of KPI_NAMES) await lake.run(kpiViewSql(name));
};

export type KpiResult = { name: KpiName; view: string; columns: string[]; rows: LakeRowObject[] };

/** Runs one KPI for a period on a lake whose views `prepareKpiViews` created. */
export const runKpi = async (
  lake: Pick<Lake, 'query'>,
  name: KpiName,
  period: KpiPeriod,
): Promise<KpiResult> => {
  const { columns, rows } = await lake.query(renderKpiSql(kpiPeriodSql(name), period));
  return { name, view: kpiViewName(name), columns, rows };
};
