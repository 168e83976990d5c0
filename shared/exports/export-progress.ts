/** `0:07`, `12:30`, `1:02:03`. */
const duration = (ms: number): string => {
  const whole = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
};

const WIDTH = 20;

/**
 * `[#######.............]  4200 rows  21 pages  1234 rows/s  0:03`. List endpoints page by cursor
 * and do not count, so there is no total: the bar fills one step per page and wraps, to show that
 * pages keep arriving, and the figures say how far the export got and how fast.
 */
export const formatExportProgress = (rows: number, pages: number, elapsedMs: number): string => {
  const filled = pages === 0 ? 0 : ((pages - 1) % WIDTH) + 1;
  const rate = elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${rows} rows  ${pages} pages  ${rate.toFixed(0)} rows/s  ${duration(elapsedMs)}`;
};

export type ExportProgressOptions = {
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  now?: () => number;
  /** Plain lines (not a TTY) at most this often; default 5 s. */
  lineIntervalMs?: number;
};

/** A redrawn line on a TTY (at most 10 times a second), a plain line every few seconds otherwise. */
export const createExportProgress = (options: ExportProgressOptions = {}) => {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const tty = stream.isTTY === true;
  const interval = tty ? 100 : (options.lineIntervalMs ?? 5000);
  let last = started;
  let state = { rows: 0, pages: 0 };
  let drawn = false;
  const draw = () => {
    const line = formatExportProgress(state.rows, state.pages, now() - started);
    stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    drawn = true;
  };
  return {
    update: (rows: number, pages: number) => {
      state = { rows, pages };
      if (now() - last < interval) return;
      last = now();
      draw();
    },
    finish: () => {
      if (tty) {
        draw();
        stream.write('\n');
      } else if (drawn) draw();
    },
  };
};
