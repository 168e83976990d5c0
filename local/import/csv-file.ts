import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { UserFacingError } from '../config.ts';

/** Field delimiters a CSV file may use: `;` is what German Excel writes, tab what some exports do. */
export type Delimiter = ',' | ';' | '\t';

/** What reading a CSV file needs to know, learnt in one pass over its bytes. */
export type CsvFacts = {
  /** Hex SHA-256 of the file's bytes: the import's identity in Idempotency-Keys. */
  sha256: string;
  /** `utf-8` (with or without BOM) or, when the bytes are not UTF-8, Excel's `windows-1252`. */
  encoding: 'utf-8' | 'windows-1252';
  /** Whether the file starts with a UTF-8 BOM (the report then gets one too, for Excel). */
  bom: boolean;
  delimiter: Delimiter;
};

/** One record of a CSV file with the physical line it starts on (the header is line 1). */
export type CsvRecord = { line: number; values: string[] };

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** The delimiter guess needs the header line only; no header is longer than this. */
const HEADER_SNIFF_BYTES = 64 * 1024;

/**
 * The delimiter of a header line: whichever of `,` `;` and tab occurs most often outside quotes
 * (`,` when none does, e.g. a one-column file).
 */
export const detectDelimiter = (headerLine: string): Delimiter => {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char] += 1;
  }
  const best = (Object.entries(counts) as [Delimiter, number][]).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ',';
};

/** The first line of a text, up to the first line break outside quotes. */
const firstLine = (text: string): string => {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) return text.slice(0, i);
  }
  return text;
};

const notReadable = (path: string, error: unknown): UserFacingError => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UserFacingError(`${path} does not exist: give the path of a CSV file.`);
  if (code === 'EISDIR') return new UserFacingError(`${path} is a directory: give the path of a CSV file.`);
  if (code === 'EACCES') return new UserFacingError(`${path} is not readable: check its permissions.`);
  return new UserFacingError(`Cannot read ${path}: ${(error as Error).message}.`);
};

/**
 * Streams the file once: its SHA-256, whether it is UTF-8 (else it is read as windows-1252, what
 * Excel's plain "CSV" writes in Germany), whether it has a BOM, and the delimiter of its header.
 */
export const inspectCsvFile = async (path: string): Promise<CsvFacts> => {
  try {
    if ((await stat(path)).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
  } catch (error) {
    throw notReadable(path, error);
  }
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let valid = true;
  let head = Buffer.alloc(0);
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.length;
      if (head.length < HEADER_SNIFF_BYTES)
        head = Buffer.concat([head, bytes]).subarray(0, HEADER_SNIFF_BYTES);
      if (valid) {
        try {
          utf8.decode(bytes, { stream: true });
        } catch {
          valid = false;
        }
      }
    }
    if (valid) utf8.decode();
  } catch (error) {
    if (error instanceof TypeError) valid = false;
    else throw notReadable(path, error);
  }
  if (size === 0) throw new UserFacingError(`${path} is empty: a CSV file needs a header line (email, …).`);
  const encoding = valid ? 'utf-8' : 'windows-1252';
  const bom = head.subarray(0, 3).equals(UTF8_BOM);
  // TextDecoder drops the BOM; a cut-off last character of the sniffed head does not matter.
  const text = new TextDecoder(encoding).decode(head);
  return { sha256: hash.digest('hex'), encoding, bom, delimiter: detectDelimiter(firstLine(text)) };
};

/** Line breaks inside a record's quoted fields: each moves the next record one line further. */
const lineBreaks = (values: readonly string[]): number => {
  let count = 0;
  for (const value of values) count += value.match(/\r\n|\r|\n/g)?.length ?? 0;
  return count;
};

async function* decoded(path: string, encoding: CsvFacts['encoding']): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of createReadStream(path)) yield decoder.decode(chunk as Buffer, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Streams the records of a CSV file (RFC 4180: quoted fields with delimiters, quotes and line
 * breaks, CRLF or LF) with the line each starts on. Empty lines come as records too (`['']`), so
 * line numbers stay true; callers skip blank records. A malformed file throws a UserFacingError
 * naming the line.
 */
export async function* readCsvRecords(path: string, facts: CsvFacts): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter: facts.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  // The pipeline finishes when the consumer has read every record; its failure surfaces there.
  const feeding = pipeline(decoded(path, facts.encoding), parser);
  feeding.catch(() => undefined);
  let line = 1;
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      yield { line, values };
      line += 1 + lineBreaks(values);
    }
    await feeding;
  } catch (error) {
    if (error instanceof CsvError) {
      const at = typeof error.lines === 'number' ? error.lines : line;
      throw new UserFacingError(
        `${path} line ${at} is not valid CSV (${error.message.split(':')[0]}): fix the quoting and import again.`,
      );
    }
    if (error instanceof UserFacingError) throw error;
    throw notReadable(path, error);
  } finally {
    parser.destroy();
  }
}

/** Whether every field of a record is empty or blank (e.g. `;;;` rows Excel leaves at the end). */
export const isBlankRecord = (values: readonly string[]): boolean => values.every((value) => !value.trim());
