import type { Cell } from './export-columns.ts';

/** Excel reads a file as UTF-8 only when it starts with this byte order mark (else "MÃ¼ller"). */
export const UTF8_BOM = '\uFEFF';

export type CsvDelimiter = ',' | ';';

/**
 * Characters a spreadsheet may take as the start of a formula (OWASP "CSV injection"): a cell
 * `=HYPERLINK(...)` typed into a CRM field must arrive as text, not run when the file is opened.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes `'` to text a spreadsheet would read as a formula; numbers (e.g. -5) stay numbers. */
export const guardFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

/**
 * One field as RFC 4180 writes it: quoted when it holds the delimiter, a quote, CR or LF (quotes
 * doubled). Text cells pass the formula guard first; numbers, booleans and decimal strings the
 * caller marks `trusted` do not (so "-12.50" stays a number).
 */
export const csvField = (cell: Cell, delimiter: CsvDelimiter, trusted = false): string => {
  if (cell === null) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  const text = trusted ? cell : guardFormula(cell);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** A decimal string such as "-1234.50": written as is, not guarded (a minus sign starts a number). */
export const isDecimalText = (cell: Cell): boolean =>
  typeof cell === 'string' && /^-?\d+(\.\d+)?$/.test(cell);

/** One record as a CSV line ending in CRLF (RFC 4180). */
export const csvLine = (
  cells: readonly Cell[],
  delimiter: CsvDelimiter,
  trusted: readonly boolean[] = [],
): string =>
  `${cells.map((cell, index) => csvField(cell, delimiter, trusted[index] === true)).join(delimiter)}\r\n`;
