import { appendFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ulid } from 'ulidx';
import { LAKE_COLUMNS, lakeRow } from '#shared/analytics/lake-row.ts';
import { logger } from '#shared/platform/logger.ts';
import { createParquetWriter } from './parquet.ts';

export type LakeWriter = {
  /** Takes one bus event's `detail` (a domain event); appends its row to the spool at once. */
  write: (detail: unknown) => void;
  /** Converts everything spooled so far into Parquet files; resolves when they are in place. */
  flush: () => Promise<void>;
  /** Flushes every `flushIntervalMs` from now on (and converts a spool a crash left behind). */
  start: () => void;
  /** Stops the timer, flushes what is left, closes DuckDB. */
  stop: () => Promise<void>;
  /** Rows spooled and not yet converted. */
  pending: () => number;
};

export type LakeWriterOptions = {
  /** `<FRONTOFFICE_DATA_DIR>/lake`. */
  lakeDir: string;
  /** @default 5000 */
  flushIntervalMs?: number;
  /** Flush early once this many rows are spooled. @default 5000 */
  maxPending?: number;
};

/** The spool's column types for DuckDB's JSON reader, and how a row becomes a lake column. */
const SPOOL_COLUMNS: Record<string, string> = {
  id: 'VARCHAR',
  name: 'VARCHAR',
  version: 'INTEGER',
  occurred_at: 'VARCHAR',
  actor_type: 'VARCHAR',
  actor_id: 'VARCHAR',
  subject_type: 'VARCHAR',
  subject_id: 'VARCHAR',
  data: 'VARCHAR',
  dt: 'VARCHAR',
};
const SELECT = LAKE_COLUMNS.map((column) =>
  column === 'occurred_at'
    ? `CAST(replace(occurred_at, 'Z', '') AS TIMESTAMP) AS occurred_at`
    : column === 'version'
      ? 'CAST(version AS INTEGER) AS version'
      : column,
).join(', ');

const ACTIVE_SPOOL = 'events.jsonl';
const BATCH = /^events-([0-9A-Z]{26})\.jsonl$/;

/**
 * The local analytics export (the `analytics` route target): every event is appended as one JSON
 * line to `<lake>/_spool/events.jsonl` when it arrives, so a crash loses nothing that reached the
 * spool. A flush (every few seconds, early when the spool is large, and on stop) renames the spool
 * to a batch file `events-<ulid>.jsonl` and converts each batch with DuckDB into one Parquet file
 * per day, `<lake>/events/dt=YYYY-MM-DD/part-<ulid>.parquet`, then deletes it. A batch left by a
 * crash is converted on the next start under the same ulid, so no event is written twice.
 */
export const createLakeWriter = (options: LakeWriterOptions): LakeWriter => {
  const spoolDir = join(options.lakeDir, '_spool');
  const eventsDir = join(options.lakeDir, 'events');
  const flushIntervalMs = options.flushIntervalMs ?? 5000;
  const maxPending = options.maxPending ?? 5000;
  const parquet = createParquetWriter();
  mkdirSync(spoolDir, { recursive: true });
  let pending = 0;
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<void> = Promise.resolve();

  const convertBatches = async (): Promise<void> => {
    const batches = readdirSync(spoolDir)
      .filter((file) => BATCH.test(file))
      .sort();
    for (const file of batches) {
      const fileId = BATCH.exec(file)?.[1] as string;
      const source = join(spoolDir, file);
      await parquet.convert({ source, columns: SPOOL_COLUMNS, select: SELECT, targetDir: eventsDir, fileId });
      rmSync(source, { force: true });
    }
  };

  const flushNow = async (): Promise<void> => {
    const active = join(spoolDir, ACTIVE_SPOOL);
    if (existsSync(active)) {
      renameSync(active, join(spoolDir, `events-${ulid()}.jsonl`));
      pending = 0;
    }
    await convertBatches();
  };

  const flush = (): Promise<void> => {
    const next = chain.then(flushNow);
    // A failed flush keeps its batch file; the next flush tries it again.
    chain = next.catch((error: unknown) => {
      logger.error('Lake flush failed; the batch stays in the spool', { error: error as Error });
    });
    return next;
  };

  return {
    write: (detail) => {
      const result = lakeRow(detail);
      if (!result) {
        logger.warn('Lake writer skipped an event without id, name or occurredAt');
        return;
      }
      if (result.redacted.length > 0) {
        // The event name and the paths only: never the value.
        logger.warn('Lake writer dropped email-like fields from an event', {
          event: result.row.name,
          fields: result.redacted,
        });
      }
      try {
        appendFileSync(join(spoolDir, ACTIVE_SPOOL), `${JSON.stringify(result.row)}\n`);
      } catch (error) {
        // The export must never fail the bus (on AWS a failed Firehose delivery does not fail
        // PutEvents either): the event is lost for the lake, loudly.
        logger.error('Lake writer could not spool an event', {
          event: result.row.name,
          error: error as Error,
        });
        return;
      }
      pending += 1;
      if (pending >= maxPending) void flush().catch(() => undefined);
    },
    flush,
    start: () => {
      void flush().catch(() => undefined);
      timer ??= setInterval(() => void flush().catch(() => undefined), flushIntervalMs);
      timer.unref();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush().catch(() => undefined);
      await chain;
      await parquet.close();
    },
    pending: () => pending,
  };
};
