import type { LakeRowObject, LakeValue } from './duckdb-lake.ts';

export const RESULT_FORMATS = ['table', 'csv', 'json'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

const cell = (value: LakeValue | undefined): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const csvCell = (value: LakeValue | undefined): string => {
  const text = cell(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

const isNumeric = (value: LakeValue | undefined): boolean => typeof value === 'number';

/**
 * A query result as text: `table` (aligned columns, numbers right-aligned, NULL empty, a row count
 * line), `csv` (RFC 4180, header row) or `json` (an array of row objects). Ends with a newline.
 */
export const formatResult = (
  result: { columns: readonly string[]; rows: readonly LakeRowObject[] },
  format: ResultFormat,
): string => {
  const { columns, rows } = result;
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    const lines = [columns.map((column) => csvCell(column)).join(',')];
    for (const row of rows) lines.push(columns.map((column) => csvCell(row[column])).join(','));
    return `${lines.join('\r\n')}\r\n`;
  }
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: string[], right: boolean[]) =>
    values
      .map((value, index) =>
        right[index] ? value.padStart(widths[index] ?? 0) : value.padEnd(widths[index] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const header = line(
    [...columns],
    columns.map(() => false),
  );
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const body = rows.map((row) =>
    line(
      columns.map((column) => cell(row[column])),
      columns.map((column) => isNumeric(row[column])),
    ),
  );
  return `${[header, rule, ...body, `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`].join('\n')}\n`;
};
