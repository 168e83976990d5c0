/** Reports rows done out of a known total while an import runs. */
export type Progress = { update: (done: number) => void; finish: () => void };

/** `0:07`, `12:30`, `1:02:03`. */
export const formatDuration = (seconds: number): string => {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

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

export type ProgressOptions = {
  total: number;
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  now?: () => number;
  /** Plain lines (not a TTY) at most this often; default 5 s. */
  lineIntervalMs?: number;
};

/**
 * A redrawn bar on a TTY (at most 10 times a second), a plain line every few seconds otherwise,
 * so CI logs and `2> file` stay readable.
 */
export const createProgress = (options: ProgressOptions): Progress => {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const tty = stream.isTTY === true;
  const interval = tty ? 100 : (options.lineIntervalMs ?? 5000);
  let last = started;
  let done = 0;
  let drawn = false;
  const draw = () => {
    const elapsed = now() - started;
    if (tty) stream.write(`\r\x1b[2K${formatProgressBar(done, options.total, elapsed)}`);
    else stream.write(`${formatProgressLine(done, options.total, elapsed)}\n`);
    drawn = true;
  };
  return {
    update: (value) => {
      done = value;
      if (now() - last < interval) return;
      last = now();
      draw();
    },
    finish: () => {
      // The bar ends complete on its own line; plain output only adds a line if it printed before.
      if (tty) {
        draw();
        stream.write('\n');
      } else if (drawn) draw();
    },
  };
};
