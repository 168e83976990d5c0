import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, portInUse } from '#local/free-port.ts';

// Each way `start` can fail for a reason the user fixes gives one line on stderr, exit code 1, no stack.
const CLI = join(import.meta.dirname, '../../local/frontoffice.ts');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

type Outcome = { code: number | null; stdout: string; stderr: string };

const startCli = async (
  extraEnv: Record<string, string>,
  args: string[] = [],
): Promise<Outcome & { env: Record<string, string> }> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fo-fail-'));
  dirs.push(dataDir);
  const env: Record<string, string> = {
    PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    FRONTOFFICE_DATA_DIR: dataDir,
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'start', ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? null) : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr, env });
      },
    );
  });
};

const expectOneLineFailure = (outcome: Outcome, pattern: RegExp) => {
  expect(outcome.code).toBe(1);
  const lines = outcome.stderr.split('\n').filter(Boolean);
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/\n\s+at /);
};

describe('frontoffice start failure messages', () => {
  it('says Java 17+ is needed when java is not on the PATH', async () => {
    // The node binary is called by its absolute path; the PATH holds no java.
    const outcome = await startCli({ PATH: '/nonexistent' }, ['--memory']);

    expectOneLineFailure(
      outcome,
      /^Java 17\+ is needed for DynamoDB Local: install it \(e\.g\. apt-get install openjdk-17-jre-headless/,
    );
  });

  it('names the busy port and the variable that moves it', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const outcome = await startCli({ PORT: String(port) }, ['--memory']);

      expectOneLineFailure(
        outcome,
        new RegExp(`^Port ${port} \\(PORT\\) is in use: stop the other process or set PORT=`),
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('says the data directory is corrupt when it is not a directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fo-fail-'));
    dirs.push(dataDir);
    writeFileSync(join(dataDir, 'dynamodb'), 'not a directory');

    const outcome = await startCli({ FRONTOFFICE_DATA_DIR: dataDir });

    expectOneLineFailure(
      outcome,
      /^The data directory .*dynamodb is unreadable or corrupt: move it away or start with --memory\.$/,
    );
  });

  it('says the data directory is corrupt when DynamoDB Local cannot open its database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fo-fail-'));
    dirs.push(dataDir);
    mkdirSync(join(dataDir, 'dynamodb'));
    // A valid SQLite header followed by garbage: only DynamoDB Local itself notices.
    const garbage = Buffer.alloc(8192, 0x5a);
    garbage.write('SQLite format 3\0', 0, 'latin1');
    writeFileSync(join(dataDir, 'dynamodb', 'shared-local-instance.db'), garbage);

    const outcome = await startCli({ FRONTOFFICE_DATA_DIR: dataDir });

    expectOneLineFailure(outcome, /^The data directory .*dynamodb is unreadable or corrupt/);
    // Java was stopped before the CLI exited.
    expect(await portInUse(Number(outcome.env.DYNAMODB_PORT))).toBe(false);
  }, 40_000);

  it('prints usage and exits 1 for an unknown command', async () => {
    const outcome = await new Promise<Outcome>((resolve) => {
      execFile(process.execPath, [CLI, 'frobnicate'], (error, stdout, stderr) => {
        resolve({ code: (error as { code?: number } | null)?.code ?? 0, stdout, stderr });
      });
    });

    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('Unknown command "frobnicate"');
    expect(outcome.stderr).toContain('Usage: frontoffice <command>');
  });
});
