import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The `frontoffice` CLI as a user runs it: a child process with only PATH, HOME and the data
// directory in its environment, finding the instance through `<dataDir>/runtime.json`.
const CLI = join(import.meta.dirname, '../../local/frontoffice.ts');

export type CliOutcome = { code: number | null; stdout: string; stderr: string };

/** Writes `<dataDir>/runtime.json` as `frontoffice start` does, so the CLI finds the API at `apiUrl`. */
export const announceToCli = (dataDir: string, apiUrl: string): void => {
  writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify({ pid: process.pid, api: apiUrl }));
};

/**
 * A runner of the CLI in `dataDir` (its working directory and FRONTOFFICE_DATA_DIR); `env` adds to
 * or overrides that environment. Never rejects: the outcome carries the exit code.
 */
export const cliRunner =
  (dataDir: string, timeout: number) =>
  (args: string[], env: Record<string, string> = {}): Promise<CliOutcome> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          cwd: dataDir,
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            FRONTOFFICE_DATA_DIR: dataDir,
            ...env,
          },
          timeout,
        },
        (error, stdout, stderr) => {
          const code = error ? (error as { code?: number }).code : 0;
          resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
        },
      );
    });
