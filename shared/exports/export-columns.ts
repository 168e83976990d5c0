import type * as z from 'zod';

/**
 * How a column is written: `text` and `decimal` stay strings (decimal strings become numbers in
 * XLSX so sums work), `number` and `boolean` keep their type, `list` is an array of scalars joined
 * with `|`, `json` is anything else (arrays of objects, unions, open records) as compact JSON.
 */
export type ColumnKind = 'text' | 'number' | 'boolean' | 'decimal' | 'list' | 'json';

/** One column of an export: its header (the dotted field path) and where the value sits in a record. */
export type Column = { header: string; path: readonly string[]; kind: ColumnKind };

/** A cell as both writers take it: empty (null), a string, a number or a boolean. */
export type Cell = string | number | boolean | null;

// Zod v4 keeps the schema's structure in `def`; only the parts the flattening needs are typed here.
type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  entries?: Record<string, string | number>;
  checks?: unknown[];
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** optional, nullable, default, readonly and transforms do not change which column a value is in. */
const unwrap = (schema: z.ZodType): z.ZodType => {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = defOf(current);
    if (
      def.innerType &&
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type)
    )
      current = def.innerType;
    else if (def.type === 'pipe' && def.in)
      current = defOf(def.in).type === 'transform' && def.out ? def.out : def.in;
    else return current;
  }
  return current;
};

const SCALARS = new Set(['string', 'enum', 'literal', 'number', 'int', 'bigint', 'boolean', 'date']);

const isScalar = (schema: z.ZodType): boolean => SCALARS.has(defOf(unwrap(schema)).type);

/** `{ amount: "1234.50", currency: "EUR" }`: the platform's money shape (shared/platform/money.ts). */
const isMoney = (def: Def): boolean =>
  def.type === 'object' &&
  def.shape !== undefined &&
  Object.keys(def.shape).length === 2 &&
  'amount' in def.shape &&
  'currency' in def.shape;

const scalarKind = (type: string): ColumnKind =>
  type === 'number' || type === 'int' || type === 'bigint'
    ? 'number'
    : type === 'boolean'
      ? 'boolean'
      : 'text';

/** Nested objects deeper than this are one JSON column: a spreadsheet with 200 columns helps nobody. */
const MAX_DEPTH = 3;

const columnsAt = (schema: z.ZodType, path: string[], depth: number): Column[] => {
  const inner = unwrap(schema);
  const def = defOf(inner);
  const header = path.join('.');
  if (isMoney(def)) {
    return [
      { header: `${header}.amount`, path: [...path, 'amount'], kind: 'decimal' },
      { header: `${header}.currency`, path: [...path, 'currency'], kind: 'text' },
    ];
  }
  if (def.type === 'object' && def.shape && depth < MAX_DEPTH) {
    return Object.entries(def.shape).flatMap(([key, field]) => columnsAt(field, [...path, key], depth + 1));
  }
  // A record keyed by an enum (consents per channel) has known keys: one group of columns per key.
  if (def.type === 'record' && def.keyType && def.valueType && depth < MAX_DEPTH) {
    const keyDef = defOf(unwrap(def.keyType));
    if (keyDef.type === 'enum' && keyDef.entries) {
      const valueType = def.valueType;
      return Object.values(keyDef.entries).flatMap((key) =>
        columnsAt(valueType, [...path, String(key)], depth + 1),
      );
    }
  }
  if (def.type === 'array' && def.element && isScalar(def.element)) return [{ header, path, kind: 'list' }];
  if (SCALARS.has(def.type)) return [{ header, path, kind: scalarKind(def.type) }];
  return [{ header, path, kind: 'json' }];
};

/** The columns of a list item schema: its fields flattened in declaration order. */
export const columnsOf = (itemSchema: z.ZodType): Column[] => {
  const def = defOf(unwrap(itemSchema));
  if (def.type !== 'object') return [{ header: 'value', path: [], kind: 'json' }];
  return columnsAt(itemSchema, [], 0);
};

const valueAt = (record: unknown, path: readonly string[]): unknown => {
  let current = record;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
};

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A value of a column as a cell; `null` for absent values. */
export const cellOf = (column: Column, record: unknown): Cell => {
  const value = valueAt(record, column.path);
  if (value === undefined || value === null) return null;
  switch (column.kind) {
    case 'list':
      return Array.isArray(value) ? value.map(String).join('|') : String(value);
    case 'json':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : JSON.stringify(value);
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'boolean':
      return typeof value === 'boolean' ? value : String(value);
    case 'decimal':
      return typeof value === 'string' && DECIMAL.test(value) ? value : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
};

/** The cells of one record, in column order. */
export const rowOf = (columns: readonly Column[], record: unknown): Cell[] =>
  columns.map((column) => cellOf(column, record));
