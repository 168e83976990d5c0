import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Delimiter } from './csv-file.ts';

/** A row the import did not take: its original values, the line it starts on and why. */
export type RejectedRow = { line: number; values: string[]; reason: string };

/** The report's path next to the imported file: `leads.csv` → `leads.csv.rejected.csv`. */
export const rejectedReportPath = (file: string): string => `${file}.rejected.csv`;

/** Quotes a field when RFC 4180 requires it (delimiter, quote, line break) or spaces would be lost. */
export const csvField = (value: string, delimiter: Delimiter): string =>
  value.includes(delimiter) || /["\r\n]/.test(value) || value !== value.trim()
    ? `"${value.replaceAll('"', '""')}"`
    : value;

/**
 * Writes the rejected rows, in line order, with the original columns plus `line` and `reason`, in
 * the input's delimiter (and with a BOM when the input had one), so Excel opens it as it opened
 * the original. CRLF line ends, as RFC 4180 has them.
 */
export const writeRejectedReport = async (
  path: string,
  header: readonly string[],
  rows: readonly RejectedRow[],
  format: { delimiter: Delimiter; bom: boolean },
): Promise<void> => {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const write = (values: readonly string[]) =>
    out.write(`${values.map((value) => csvField(value, format.delimiter)).join(format.delimiter)}\r\n`);
  if (format.bom) out.write('\uFEFF');
  write([...header, 'line', 'reason']);
  for (const row of [...rows].sort((a, b) => a.line - b.line)) {
    const original = header.map((_, index) => row.values[index] ?? '');
    write([...original, String(row.line), row.reason]);
  }
  out.end();
  await finished(out);
};

/** Removes a report an earlier run left, so a clean run leaves none to mislead. */
export const removeRejectedReport = (path: string): Promise<void> => rm(path, { force: true });
