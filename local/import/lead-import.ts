import { UserFacingError } from '../config.ts';
import { type CsvFacts, inspectCsvFile, isBlankRecord, readCsvRecords } from './csv-file.ts';
import { type ColumnMapping, mapLeadColumns } from './lead-columns.ts';
import { toLeadRow } from './lead-rows.ts';
import type { LeadSender, SendOutcome } from './leads-client.ts';
import type { Progress } from './progress.ts';
import {
  type RejectedRow,
  rejectedReportPath,
  removeRejectedReport,
  writeRejectedReport,
} from './rejected-report.ts';

/** A checked CSV file, ready to import: everything learnt before the first request. */
export type LeadImportPlan = CsvFacts & {
  file: string;
  header: string[];
  mapping: ColumnMapping;
  /** Data rows, blank rows not counted. */
  total: number;
};

export type LeadImportSummary = {
  total: number;
  created: number;
  updated: number;
  /** Rows an earlier run of the same file imported already (the API replayed its answer). */
  unchanged: number;
  rejected: number;
  /** The report of rejected rows; undefined when none was rejected. */
  reportPath: string | undefined;
};

/**
 * Reads the file twice before anything is sent: once for its hash, encoding and delimiter, once
 * to map the header and count the rows, so a malformed file or a missing email column fails
 * before the first lead is written and the progress bar knows its total.
 */
export const planLeadImport = async (file: string): Promise<LeadImportPlan> => {
  const facts = await inspectCsvFile(file);
  let header: string[] | undefined;
  let total = 0;
  for await (const record of readCsvRecords(file, facts)) {
    if (!header) header = record.values;
    else if (!isBlankRecord(record.values)) total += 1;
  }
  if (!header || isBlankRecord(header)) {
    throw new UserFacingError(`${file} has no header line: the first line names the columns (email, …).`);
  }
  const mapping = mapLeadColumns(header);
  if (!mapping.fields.includes('email')) {
    throw new UserFacingError(
      `${file} has no email column: name one "email" or "E-Mail" (found ${header.map((name) => `"${name}"`).join(', ')}; delimiter "${facts.delimiter === '\t' ? '\\t' : facts.delimiter}").`,
    );
  }
  return { ...facts, file, header, mapping, total };
};

/** `import:<sha256 of the file>:<line>`: re-running the same file replays instead of writing again. */
export const importIdempotencyKey = (sha256: string, line: number): string => `import:${sha256}:${line}`;

export type RunLeadImportOptions = {
  /** Sends a valid row to the API; without it the rows are only validated (`--dry-run`). */
  send?: LeadSender;
  /** Rows in flight at once (default 8). */
  concurrency?: number;
  progress?: Progress;
};

/**
 * Streams the rows: each is validated with the API's zod schema, valid ones are sent with at most
 * `concurrency` in flight. Rows of one email go one after the other (in file order), so the second
 * merges into the lead the first created instead of racing it. Writes the report of rejected
 * rows next to the file, or removes a stale one.
 */
export const runLeadImport = async (
  plan: LeadImportPlan,
  options: RunLeadImportOptions = {},
): Promise<LeadImportSummary> => {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const rejected: RejectedRow[] = [];
  const inFlight = new Set<Promise<void>>();
  const lastOfEmail = new Map<string, Promise<void>>();
  let done = 0;
  let fatal: unknown;
  const finishRow = () => {
    done += 1;
    options.progress?.update(done);
  };

  const record = (outcome: SendOutcome, line: number, values: string[]) => {
    if (outcome.kind === 'rejected') rejected.push({ line, values, reason: outcome.reason });
    else counts[outcome.kind] += 1;
  };

  let first = true;
  for await (const { line, values } of readCsvRecords(plan.file, plan)) {
    if (first) {
      first = false;
      continue;
    }
    if (isBlankRecord(values)) continue;
    const row = toLeadRow(values, plan.mapping);
    if (!row.ok) {
      rejected.push({ line, values, reason: row.reasons.join('; ') });
      finishRow();
      continue;
    }
    const send = options.send;
    if (!send) {
      finishRow();
      continue;
    }
    const email = row.body.email;
    const previous = lastOfEmail.get(email);
    const task: Promise<void> = (previous ?? Promise.resolve())
      .then(async () => {
        if (fatal) return;
        record(await send(row.body, importIdempotencyKey(plan.sha256, line)), line, values);
        finishRow();
      })
      .catch((error: unknown) => {
        fatal ??= error;
      })
      .finally(() => {
        inFlight.delete(task);
        if (lastOfEmail.get(email) === task) lastOfEmail.delete(email);
      });
    lastOfEmail.set(email, task);
    inFlight.add(task);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (fatal) break;
  }
  await Promise.all(inFlight);
  options.progress?.finish();
  if (fatal) throw fatal;

  const reportPath = rejectedReportPath(plan.file);
  if (rejected.length > 0) await writeRejectedReport(reportPath, plan.header, rejected, plan);
  else await removeRejectedReport(reportPath);
  return {
    total: plan.total,
    ...counts,
    rejected: rejected.length,
    reportPath: rejected.length > 0 ? reportPath : undefined,
  };
};
