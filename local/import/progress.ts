import { formatDuration } from '#shared/platform/format-duration.ts';
import { createProgressLine, type ProgressLineOptions } from '#shared/platform/progress-line.ts';

/** Reports rows done out of a known total while an import runs. */
export type Progress = { update: (done: number) => void; finish: () => void };

/** Rate (rows/s) and remaining seconds; undefined until something is done. */
const pace = (done: number, total: number, elapsedMs: number) => {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  return { rate, eta: rate > 0 ? (total - done) / rate : undefined };
};

/** One progress line: `[#########...........]  450/1000  45%  120 rows/s  ETA 0:05`. */
export const formatProgressBar = (done: number, total: number, elapsedMs: number, width = 24): string => {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.floor(share * width);
  const { rate, eta } = pace(done, total, elapsedMs);
  const counts = `${String(done).padStart(String(total).length)}/${total}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts} ${percent}  ${rate.toFixed(0)} rows/s  ETA ${eta === undefined ? '-:--' : formatDuration(eta)}`;
};

/** A plain line for logs: `Imported 450 of 1000 rows (45%), 120 rows/s, about 0:05 left`. */
export const formatProgressLine = (done: number, total: number, elapsedMs: number): string => {
  const { rate, eta } = pace(done, total, elapsedMs);
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  return `Imported ${done} of ${total} rows (${percent}%), ${rate.toFixed(0)} rows/s${eta === undefined ? '' : `, about ${formatDuration(eta)} left`}`;
};

export type ProgressOptions = ProgressLineOptions & { total: number };

/**
 * A redrawn bar on a TTY (at most 10 times a second), a plain line every few seconds otherwise,
 * so CI logs and `2> file` stay readable.
 */
export const createProgress = (options: ProgressOptions): Progress => {
  let done = 0;
  const line = createProgressLine(
    (elapsedMs, tty) =>
      tty
        ? formatProgressBar(done, options.total, elapsedMs)
        : formatProgressLine(done, options.total, elapsedMs),
    options,
  );
  return {
    update: (value) => {
      done = value;
      line.update();
    },
    finish: line.finish,
  };
};
