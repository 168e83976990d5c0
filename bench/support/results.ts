import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One figure with its target, for the summary `bench/run.ts` prints after all measurements. */
export type Verdict = { label: string; value: string; target: string; met: boolean };

const RESULTS_DIR = join(import.meta.dirname, '..', '..', '.bench', 'results');

/** Each measurement runs in its own process; it leaves its verdicts here for the runner. */
export const writeVerdicts = (measurement: string, verdicts: Verdict[]): void => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${measurement}.json`), `${JSON.stringify(verdicts, null, 2)}\n`);
};

export const readVerdicts = (measurement: string): Verdict[] | undefined => {
  try {
    return JSON.parse(readFileSync(join(RESULTS_DIR, `${measurement}.json`), 'utf8')) as Verdict[];
  } catch {
    return undefined;
  }
};

/** Stale results of an earlier run must not appear in this run's summary. */
export const clearVerdicts = (measurement: string): void => {
  writeVerdicts(measurement, []);
};
