/** Latency figures of one series of samples, in milliseconds. */
export type Summary = { n: number; p50: number; p99: number; mean: number; min: number; max: number };

// Nearest-rank percentile: with 300 samples p99 is the 297th value, a real observation, not an interpolation.
const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;

export const summarise = (samples: number[]): Summary => {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(sorted.length, 1);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
};

export const median = (samples: number[]): number => summarise(samples).p50;

/** Milliseconds with two decimals: DynamoDB Local answers in single-digit milliseconds. */
export const ms = (value: number): string => value.toFixed(2);

/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export const table = (headers: string[], rows: string[][]): string => {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = (cell: string) => /^[-+]?[\d.,]+( ?(ms|KB|x|%))?$/.test(cell);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return numeric(cell) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
};
