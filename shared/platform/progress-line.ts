export type ProgressLineOptions = {
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  now?: () => number;
  /** Plain lines (not a TTY) at most this often; default 5 s. */
  lineIntervalMs?: number;
};

/**
 * The drawing of a long-running command's progress (import, export): a line redrawn in place on a
 * TTY (at most 10 times a second), a plain line every few seconds otherwise, so CI logs and
 * `2> file` stay readable. `render` gets the elapsed time and whether the stream is a TTY; the
 * caller keeps the figures and calls `update` after each change.
 */
export const createProgressLine = (
  render: (elapsedMs: number, tty: boolean) => string,
  options: ProgressLineOptions = {},
): { update: () => void; finish: () => void } => {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const tty = stream.isTTY === true;
  const interval = tty ? 100 : (options.lineIntervalMs ?? 5000);
  let last = started;
  let drawn = false;
  const draw = () => {
    const line = render(now() - started, tty);
    stream.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    drawn = true;
  };
  return {
    update: () => {
      if (now() - last < interval) return;
      last = now();
      draw();
    },
    finish: () => {
      // The TTY line ends drawn once more on its own line; plain output only adds a line if it printed before.
      if (tty) {
        draw();
        stream.write('\n');
      } else if (drawn) draw();
    },
  };
};
