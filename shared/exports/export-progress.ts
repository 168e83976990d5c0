import { formatDuration } from '../platform/format-duration.ts';
import { createProgressLine, type ProgressLineOptions } from '../platform/progress-line.ts';

const WIDTH = 20;

/**
 * `[#######.............]  4200 rows  21 pages  1234 rows/s  0:03`. List endpoints page by cursor
 * and do not count, so there is no total: the bar fills one step per page and wraps, to show that
 * pages keep arriving, and the figures say how far the export got and how fast.
 */
export const formatExportProgress = (rows: number, pages: number, elapsedMs: number): string => {
  const filled = pages === 0 ? 0 : ((pages - 1) % WIDTH) + 1;
  const rate = elapsedMs > 0 ? (rows * 1000) / elapsedMs : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${rows} rows  ${pages} pages  ${rate.toFixed(0)} rows/s  ${formatDuration(elapsedMs / 1000)}`;
};

export type ExportProgressOptions = ProgressLineOptions;

/** A redrawn line on a TTY (at most 10 times a second), a plain line every few seconds otherwise. */
export const createExportProgress = (options: ExportProgressOptions = {}) => {
  let state = { rows: 0, pages: 0 };
  const line = createProgressLine(
    (elapsedMs) => formatExportProgress(state.rows, state.pages, elapsedMs),
    options,
  );
  return {
    update: (rows: number, pages: number) => {
      state = { rows, pages };
      line.update();
    },
    finish: line.finish,
  };
};
