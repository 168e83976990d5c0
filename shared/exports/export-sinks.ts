import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type CsvDelimiter, csvLine, isDecimalText, UTF8_BOM } from './csv-format.ts';
import type { Cell, Column } from './export-columns.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where rows go: written page by page, each page flushed before the next is asked for. */
export type ExportSink = {
  writeRows: (rows: readonly Cell[][]) => Promise<void>;
  /** Ends the file; resolves once every byte is in `out`. */
  finish: () => Promise<{ truncatedCells: number }>;
};

/**
 * Watches `out` for errors (a full disk, a closed pipe): the next write or the end throws the error
 * instead of the process dying on an unhandled 'error' event or waiting forever for 'drain'.
 */
const guarded = (out: Writable) => {
  let failure: Error | undefined;
  out.on('error', (error: Error) => {
    failure = error;
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    check,
    /** Waits while `out` holds more than its buffer: memory stays flat however slow the disk is. */
    drained: async (): Promise<void> => {
      check();
      // `once` rejects when 'error' comes first.
      if (out.writableNeedDrain) await once(out, 'drain');
    },
    /** Ends `out`; resolves once everything is flushed. */
    ended: (end: () => void | Promise<void>): Promise<void> =>
      new Promise((resolve, reject) => {
        check();
        out.once('finish', () => resolve());
        out.once('error', reject);
        Promise.resolve().then(end).catch(reject);
      }),
  };
};

export type CsvSinkOptions = { delimiter?: CsvDelimiter; bom?: boolean };

/** RFC 4180 CSV, UTF-8 with BOM by default, one header line, CRLF line ends. */
export const createCsvSink = (
  out: Writable,
  columns: readonly Column[],
  options: CsvSinkOptions = {},
): ExportSink => {
  const delimiter = options.delimiter ?? ',';
  const decimal = columns.map((column) => column.kind === 'decimal');
  const stream = guarded(out);
  out.write(
    `${options.bom === false ? '' : UTF8_BOM}${csvLine(
      columns.map((column) => column.header),
      delimiter,
    )}`,
  );
  return {
    writeRows: async (rows) => {
      if (rows.length === 0) return;
      let chunk = '';
      for (const row of rows) {
        chunk += csvLine(
          row,
          delimiter,
          row.map((cell, index) => decimal[index] === true && isDecimalText(cell)),
        );
      }
      stream.check();
      out.write(chunk);
      await stream.drained();
    },
    finish: async () => {
      await stream.ended(() => {
        out.end();
      });
      return { truncatedCells: 0 };
    },
  };
};

/** Excel's limit per cell; longer text makes it "repair" (drop) the sheet. */
export const XLSX_MAX_CELL_CHARS = 32_767;
/** Characters XML 1.0 cannot carry at all; a file containing them does not open. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters to drop
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * XLSX through exceljs' streaming WorkbookWriter: each row is committed (serialised into the zip
 * stream) as it is written, so memory does not grow with the number of rows. Inline strings, no
 * shared-strings table (that one would have to be held until the end). Numbers, booleans and
 * decimal strings (money amounts) are numeric or boolean cells; text is never a formula here, so no
 * guard is needed.
 */
export const createXlsxSink = (out: Writable, columns: readonly Column[], sheetName: string): ExportSink => {
  const stream = guarded(out);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.addRow(columns.map((column) => column.header)).commit();
  const decimal = columns.map((column) => column.kind === 'decimal');
  let truncatedCells = 0;
  const xlsxCell = (cell: Cell, index: number): string | number | boolean | null => {
    if (cell === null || typeof cell !== 'string') return cell;
    if (decimal[index] === true && isDecimalText(cell)) return Number(cell);
    let text = cell.replace(XML_INVALID, '');
    if (text.length > XLSX_MAX_CELL_CHARS) {
      truncatedCells++;
      text = `${text.slice(0, XLSX_MAX_CELL_CHARS - 1)}…`;
    }
    return text;
  };
  return {
    writeRows: async (rows) => {
      stream.check();
      for (const row of rows) sheet.addRow(row.map(xlsxCell)).commit();
      await stream.drained();
    },
    finish: async () => {
      // Committing the workbook writes the rest of the zip and ends `out`.
      await stream.ended(async () => {
        sheet.commit();
        await workbook.commit();
      });
      return { truncatedCells };
    },
  };
};

export type SinkOptions = { format: ExportFormat; sheetName: string } & CsvSinkOptions;

export const createSink = (out: Writable, columns: readonly Column[], options: SinkOptions): ExportSink =>
  options.format === 'xlsx'
    ? createXlsxSink(out, columns, options.sheetName)
    : createCsvSink(out, columns, options);
