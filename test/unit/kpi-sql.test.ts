import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { type Lake, openLake } from '#shared/analytics/duckdb-lake.ts';
import {
  DUCKDB_COMPAT_MACROS,
  KpiInputError,
  kpiPeriodSql,
  kpiViewSql,
  periodLiterals,
  prepareKpiViews,
  renderKpiSql,
  stripSqlComments,
} from '#shared/analytics/kpi.ts';
import { KPI_NAMES, kpiViewName } from '#shared/analytics/kpi-names.ts';
import { loadEventContracts } from '../../scripts/event-catalog.ts';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, unknown>;
};
/** The JSON types a (sub)schema allows; an enum is a string. */
const schemaTypes = (schema: JsonSchema): string[] => {
  if (schema.anyOf) return schema.anyOf.flatMap(schemaTypes);
  if (schema.enum) return ['string'];
  return Array.isArray(schema.type) ? schema.type : [schema.type ?? 'object'];
};

const ANALYTICS = new URL('../../analytics/', import.meta.url);
const period = { from: '2026-03-01', to: '2026-04-01' };

let root: string;
let lake: Lake;

beforeAll(async () => {
  // An empty lake: `events` and `dim_*` exist with the contract's columns and no rows.
  root = mkdtempSync(join(tmpdir(), 'frontoffice-kpi-sql-'));
  lake = await openLake(join(root, 'lake'));
  for (const macro of DUCKDB_COMPAT_MACROS) await lake.run(macro);
});

afterAll(() => {
  lake?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('analytics/ SQL files', () => {
  it('has exactly one view and one period query per KPI of docs/kpis.md', () => {
    const files = (dir: string) =>
      readdirSync(new URL(dir, ANALYTICS))
        .filter((file) => file.endsWith('.sql'))
        .map((file) => file.replace(/\.sql$/, ''))
        .sort();
    expect(files('views/')).toEqual([...KPI_NAMES].sort());
    expect(files('kpis/')).toEqual([...KPI_NAMES].sort());
  });

  it.each(KPI_NAMES)('%s: the view creates kpi_<name> and parses and runs in DuckDB', async (name) => {
    const sql = kpiViewSql(name);
    expect(stripSqlComments(sql)).toMatch(new RegExp(`^CREATE OR REPLACE VIEW ${kpiViewName(name)} AS\\n`));
    expect(sql).not.toMatch(/\{\{/);
    await lake.run(sql);
    const columns = (await lake.query(`SELECT * FROM ${kpiViewName(name)}`)).columns;
    expect(columns).toContain('day');
  });

  it.each(KPI_NAMES)('%s: the period query parses and runs in DuckDB (empty lake)', async (name) => {
    await prepareKpiViews(lake);
    const sql = kpiPeriodSql(name);
    expect(sql).toContain(kpiViewName(name));
    expect(sql).toContain('{{from}}');
    expect(sql).toContain('{{to}}');
    const result = await lake.query(renderKpiSql(sql, period));
    expect(result.columns.length).toBeGreaterThan(0);
  });

  it('uses nothing DuckDB-only, so Athena (Trino) runs the same text', () => {
    const duckdbOnly = [
      /::/, // cast shorthand
      /\bQUALIFY\b/i,
      /\bjson_extract_string\b/i,
      /\bILIKE\b/i,
      /\bcount_star\b/i,
      /"/, // Trino quotes identifiers only; none are needed here
      /\bDATE_TRUNC\s*\(\s*'[^']+'\s*,\s*DATE\b/i,
      /\bEXCLUDE\b/i,
      /\bSTRUCT_PACK\b|\{'/i,
      /;\s*\S/, // one statement per file
    ];
    for (const name of KPI_NAMES) {
      for (const sql of [stripSqlComments(kpiViewSql(name)), stripSqlComments(kpiPeriodSql(name))]) {
        for (const pattern of duckdbOnly)
          expect({ name, match: pattern.test(sql) }).toEqual({ name, match: false });
      }
    }
  });
});

describe('DuckDB stand-ins for Athena functions', () => {
  it('json_extract_scalar returns scalars as text and NULL for JSON null and missing paths', async () => {
    const json = `'{"s":"web","n":12,"d":"10.50","t":true,"f":false,"z":null,"o":{"amount":"1.20"},"a":[1]}'`;
    const rows = await lake.run(
      `SELECT ${['s', 'n', 'd', 't', 'f', 'z', 'missing', 'o.amount']
        .map((path, index) => `json_extract_scalar(${json}, '$.${path}') AS c${index}`)
        .join(
          ', ',
        )}, json_extract_scalar(${json}, '$.o') AS object, json_extract_scalar(${json}, '$.a') AS array`,
    );
    expect(rows).toEqual([
      {
        c0: 'web',
        c1: '12',
        c2: '10.50',
        c3: 'true',
        c4: 'false',
        c5: null,
        c6: null,
        c7: '1.20',
        object: '{"amount":"1.20"}',
        array: '[1]',
      },
    ]);
    // Trino gives NULL for the object and the array: the KPI SQL reads scalars only (next test).
  });

  it('the KPI SQL extracts only scalar fields of the events it reads (where the dialects agree)', async () => {
    const contracts = new Map((await loadEventContracts()).map((contract) => [contract.name, contract]));
    for (const name of KPI_NAMES) {
      const sql = stripSqlComments(kpiViewSql(name));
      const events = [...sql.matchAll(/'([a-z_]+\.[a-z_]+)'/g)]
        .map((match) => contracts.get(match[1] as string))
        .filter((contract) => contract !== undefined);
      expect(events.length).toBeGreaterThan(0);
      for (const [, path] of sql.matchAll(/json_extract_scalar\(data, '\$\.([\w.]+)'\)/g)) {
        const types = events
          .map((contract) => {
            let schema = z.toJSONSchema(contract.data, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
            for (const key of (path as string).split('.')) schema = schema?.properties?.[key] as JsonSchema;
            return schema && schemaTypes(schema);
          })
          .filter((found) => found !== undefined);
        expect({ name, path, found: types.length > 0 }).toEqual({ name, path, found: true });
        for (const found of types) {
          expect({
            name,
            path,
            types: found.filter((type) => type === 'object' || type === 'array'),
          }).toEqual({
            name,
            path,
            types: [],
          });
        }
      }
    }
  });

  it('date and interval arithmetic the KPIs use behaves like Trino', async () => {
    expect(
      await lake.run(`SELECT
        CAST(DATE '2026-03-01' - INTERVAL '180' DAY AS DATE) = DATE '2025-09-02' AS base_from,
        TIMESTAMP '2026-03-10 08:00:00' + INTERVAL '1' DAY * 14 = TIMESTAMP '2026-03-24 08:00:00' AS window_end,
        CAST(TIMESTAMP '2026-03-31 23:59:59' AS DATE) = DATE '2026-03-31' AS day_of,
        CAST(CAST(CAST('100' AS DECIMAL(38, 6)) / 6 AS DECIMAL(38, 2)) AS VARCHAR) AS money,
        round(100 * CAST(-1 AS DOUBLE) / 6, 1) AS nps`),
    ).toEqual([{ base_from: true, window_end: true, day_of: true, money: '16.67', nps: -16.7 }]);
  });
});

describe('period placeholders', () => {
  it('become DATE literals and the lowest partitions to read', () => {
    expect(periodLiterals(period)).toEqual({
      from: `DATE '2026-03-01'`,
      to: `DATE '2026-04-01'`,
      from_dt: `'2026-02-28'`,
      base_from_dt: `'2025-09-01'`,
    });
    expect(renderKpiSql('WHERE dt >= {{from_dt}} AND day >= {{ from }} AND day < {{to}}', period)).toBe(
      `WHERE dt >= '2026-02-28' AND day >= DATE '2026-03-01' AND day < DATE '2026-04-01'`,
    );
  });

  it('refuses anything but real dates in order, and unknown placeholders', () => {
    for (const from of ['2026-02-30', '2026-3-01', "2026-03-01' OR 1=1 --", '', '20260301']) {
      expect(() => periodLiterals({ from, to: '2026-04-01' })).toThrow(KpiInputError);
    }
    expect(() => periodLiterals({ from: '2026-04-01', to: '2026-04-01' })).toThrow(/must be after/);
    expect(() => renderKpiSql('SELECT {{until}}', period)).toThrow(/Unknown KPI placeholder \{\{until\}\}/);
  });

  it('stripSqlComments drops comment lines and a trailing semicolon', () => {
    expect(stripSqlComments('-- about\nSELECT 1 -- one\n\nFROM t;\n')).toBe('SELECT 1\nFROM t');
  });
});
