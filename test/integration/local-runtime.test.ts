import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, portInUse } from '#local/free-port.ts';

// The real CLI in a child process, as a user runs it: `frontoffice start --memory` on free ports.
const CLI = join(import.meta.dirname, '../../local/frontoffice.ts');
const run = promisify(execFile);

/** The CLI's environment without what the test setup put into this worker's environment. */
const cliEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ['DYNAMODB_ENDPOINT', 'TABLE_NAME', 'SES_ENDPOINT', 'EVENTBRIDGE_ENDPOINT'])
    delete env[name];
  return env;
};

/** Java processes whose command line names the port (Linux /proc; empty elsewhere). */
const javaPidsOnPort = (port: number): number[] => {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.some((arg) => arg.includes('DynamoDBLocal')) && args.includes(String(port));
      } catch {
        return false;
      }
    })
    .map(Number);
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const waitFor = async (check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
};

describe('frontoffice start (the CLI as a child process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'fo-runtime-'));
  let ports: { api: number; ses: number; dynamo: number };
  let env: NodeJS.ProcessEnv;
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | null>;

  beforeAll(async () => {
    ports = { api: await freePort(), ses: await freePort(), dynamo: await freePort() };
    env = cliEnv({
      PORT: String(ports.api),
      SES_PORT: String(ports.ses),
      DYNAMODB_PORT: String(ports.dynamo),
      FRONTOFFICE_DATA_DIR: dataDir,
    });
    child = spawn(process.execPath, [CLI, 'start', '--memory', '--quiet'], { env, stdio: 'pipe' });
    child.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  });

  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      for (const pid of javaPidsOnPort(ports.dynamo)) process.kill(pid, 'SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GET /health with 200 and every part within 20 s', async () => {
    const api = `http://127.0.0.1:${ports.api}`;
    const started = Date.now();
    let last: { status: number; body: unknown } | undefined;
    const healthy = await waitFor(async () => {
      try {
        const response = await fetch(`${api}/health`);
        last = { status: response.status, body: await response.json() };
        return response.status === 200;
      } catch {
        return false;
      }
    }, 20_000);

    expect(healthy, `not healthy after ${Date.now() - started} ms; output:\n${output}`).toBe(true);
    expect(last?.body).toEqual({
      status: 'ok',
      parts: { api: 'ready', dynamodb: 'ready', ses: 'ready', eventBus: 'ready', outboxPoller: 'ready' },
    });
    expect(output).toContain(`http://127.0.0.1:${ports.api}`);
    expect(output).toContain(`http://127.0.0.1:${ports.ses}`);
  }, 25_000);

  it('serves authenticated routes with a token from `frontoffice token`', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'token', '--role', 'sales'], { env });
    const token = stdout.trim();
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const response = await fetch(`http://127.0.0.1:${ports.api}/v1/contacts?limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ items: expect.any(Array) });
  });

  it('answers 401 problem+json without a token', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.api}/v1/contacts?limit=1`);

    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: '/problems/unauthorized', status: 401 });
  });

  it('serves the SES inbox UI', async () => {
    const response = await fetch(`http://127.0.0.1:${ports.ses}/`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('stops the whole process tree, Java included, on SIGINT', async () => {
    const javaPids = javaPidsOnPort(ports.dynamo);
    if (existsSync('/proc')) expect(javaPids.length, 'the java child was not found').toBeGreaterThan(0);

    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(0);
    for (const pid of javaPids) expect(alive(pid), `java ${pid} still running`).toBe(false);
    expect(await portInUse(ports.dynamo)).toBe(false);
    expect(await portInUse(ports.api)).toBe(false);
    expect(await portInUse(ports.ses)).toBe(false);
  }, 15_000);
});
