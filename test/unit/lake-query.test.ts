import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLakeWriter } from '#local/lake/lake-writer.ts';
import { formatResult } from '#shared/analytics/result-format.ts';

// `frontoffice query` as a user runs it: the CLI in a child process against a lake directory,
// with no stack running.
const CLI = join(import.meta.dirname, '../../local/frontoffice.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'fo-query-'));

type Outcome = { code: number | null; stdout: string; stderr: string };
const runCli = (args: string[], dir = dataDir): Promise<Outcome> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'query', ...args],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FRONTOFFICE_DATA_DIR: dir },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: number }).code : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });

const lead = (id: string, source: string, occurredAt: string) => ({
  id,
  name: 'lead.captured',
  version: 1,
  occurredAt,
  actor: { type: 'system', id: 'frontoffice' },
  subject: { type: 'lead', id: `lead-${id}` },
  data: { source },
});

beforeAll(async () => {
  const writer = createLakeWriter({ lakeDir: join(dataDir, 'lake') });
  writer.write(lead('1', 'web', '2026-01-05T09:00:00.000Z'));
  writer.write(lead('2', 'web', '2026-01-06T09:00:00.000Z'));
  writer.write(lead('3', 'Messe, "Hannover"', '2026-01-06T10:00:00.000Z'));
  await writer.stop();
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const SQL =
  "SELECT data->>'source' AS source, count(*) AS leads FROM events WHERE name = 'lead.captured' GROUP BY 1 ORDER BY 2 DESC, 1";

describe('frontoffice query', () => {
  it('prints an aligned table by default, numbers right-aligned', async () => {
    const outcome = await runCli([SQL]);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe(
      [
        'source             leads',
        '-----------------  -----',
        'web                    2',
        'Messe, "Hannover"      1',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints CSV and JSON', async () => {
    const csv = await runCli([SQL, '--format', 'csv']);
    expect(csv.stdout).toBe('source,leads\r\nweb,2\r\n"Messe, ""Hannover""",1\r\n');
    const json = await runCli([SQL, '--format=json']);
    expect(JSON.parse(json.stdout)).toEqual([
      { source: 'web', leads: 2 },
      { source: 'Messe, "Hannover"', leads: 1 },
    ]);
  });

  it('says what is wrong in one line: bad SQL, bad format, no lake', async () => {
    const bad = await runCli(['SELECT nope FROM events']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Query failed: .*nope/);
    const format = await runCli([SQL, '--format', 'xml']);
    expect(format).toMatchObject({ code: 1, stderr: '--format xml is not one of table, csv, json.\n' });
    const empty = await runCli([SQL], mkdtempSync(join(tmpdir(), 'fo-query-empty-')));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^No lake at .*lake: start Front Office/);
  });

  it('formats NULL as empty and nested values as JSON', () => {
    expect(
      formatResult({ columns: ['a', 'b'], rows: [{ a: null, b: { x: [1] } }] }, 'table').split('\n'),
    ).toEqual(['a  b        ', '-  ---------', '   {"x":[1]}', '(1 row)', ''].map((line) => line.trimEnd()));
  });
});
