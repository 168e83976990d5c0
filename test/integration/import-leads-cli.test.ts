import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/free-port.ts';
import type { RunningHttpServer } from '#local/http/http-server.ts';
import { announceToCli, cliRunner } from '../support/frontoffice-cli.ts';
import { startLocalApi } from '../support/local-api.ts';

// `frontoffice import leads` as a user runs it: the CLI in a child process, finding the instance
// through `<dataDir>/runtime.json`, against the real API served in-process on this file's table.
const dataDir = mkdtempSync(join(tmpdir(), 'fo-import-'));
const csv = join(dataDir, 'messe-leads.csv');
const report = `${csv}.rejected.csv`;
const unique = Math.random().toString(36).slice(2, 8);
const email = (name: string) => `${name}.${unique}@example.de`;

const runCli = cliRunner(dataDir, 60_000);

let server: RunningHttpServer;
let adminToken: string;

const leadsOf = async (address: string) => {
  const response = await fetch(`${server.url}/v1/leads?email=${encodeURIComponent(address)}`, {
    headers: { authorization: `Bearer ${adminToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { id: string; version: number; submissions: number }[] }).items;
};

beforeAll(async () => {
  ({ server, adminToken } = await startLocalApi(dataDir, 'test-reader'));
  announceToCli(dataDir, server.url);
  // German Excel: BOM, `;`, CRLF, umlauts, a quoted line break, a duplicate email, two bad rows.
  writeFileSync(
    csv,
    '\uFEFFE-Mail;Vorname;Nachname;Firma;Land;Nachricht;Lieblingsfarbe\r\n' +
      `${email('anna')};Anna;Müller;"Müller; Söhne GmbH";DE;"Bitte Rückruf\r\nab 14 Uhr";blau\r\n` +
      `kaputt-ohne-at;Jörg;Schäfer;;DE;;rot\r\n` +
      `${email('bernd')};Bernd;Groß;Groß AG;AT;;grün\r\n` +
      `${email('ANNA')};Anna;Müller;;DE;Zweite Anfrage;blau\r\n` +
      `${email('carla')};Carla;Weiß;;Deutschland;;gelb\r\n`,
  );
});

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('frontoffice import leads <file.csv>', () => {
  it('imports each email once, reports the two bad rows and exits 2', async () => {
    // Act
    const outcome = await runCli(['import', 'leads', csv]);

    // Assess
    expect(outcome.code, outcome.stderr).toBe(2);
    expect(outcome.stdout).toContain('Ignoring column(s) "Lieblingsfarbe"');
    expect(outcome.stdout).toContain('5 row(s): 2 created, 1 updated, 0 already imported, 2 rejected.');
    expect(outcome.stdout).toContain(`Rejected rows with their reasons: ${report}`);
    const [anna] = await leadsOf(email('anna'));
    expect(await leadsOf(email('anna'))).toHaveLength(1);
    expect(anna?.submissions).toBe(2);
    expect(await leadsOf(email('bernd'))).toHaveLength(1);
    expect(await leadsOf(email('carla'))).toHaveLength(0);
    expect(readFileSync(report, 'utf8').split('\r\n')).toEqual([
      '\uFEFFE-Mail;Vorname;Nachname;Firma;Land;Nachricht;Lieblingsfarbe;line;reason',
      'kaputt-ohne-at;Jörg;Schäfer;;DE;;rot;4;email: Must be an email address.',
      `${email('carla')};Carla;Weiß;;Deutschland;;gelb;7;country: Must be an ISO 3166 country code such as DE.`,
      '',
    ]);
  });

  it('creates and changes nothing when the same file is imported again', async () => {
    const before = [...(await leadsOf(email('anna'))), ...(await leadsOf(email('bernd')))];

    const outcome = await runCli(['import', 'leads', csv]);

    expect(outcome.code, outcome.stderr).toBe(2);
    expect(outcome.stdout).toContain('5 row(s): 0 created, 0 updated, 3 already imported, 2 rejected.');
    const after = [...(await leadsOf(email('anna'))), ...(await leadsOf(email('bernd')))];
    expect(after).toEqual(before);
  });

  it('exits 0 and leaves no report when every row is imported', async () => {
    const clean = join(dataDir, 'clean.csv');
    writeFileSync(clean, `email,firstName,company\n${email('dora')},Dora,"Acme, Inc."\n`);

    const outcome = await runCli(['import', 'leads', clean]);

    expect(outcome.code, outcome.stderr).toBe(0);
    expect(existsSync(`${clean}.rejected.csv`)).toBe(false);
    expect(await leadsOf(email('dora'))).toHaveLength(1);
  });

  it('fails with one line and exit 1 when the file is missing or no instance runs', async () => {
    const missing = await runCli(['import', 'leads', join(dataDir, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^\S*nope\.csv does not exist: give the path of a CSV file\.\n$/);

    const otherDir = mkdtempSync(join(tmpdir(), 'fo-import-none-'));
    try {
      const port = await freePort();
      const down = await runCli(['import', 'leads', csv], {
        FRONTOFFICE_DATA_DIR: otherDir,
        PORT: String(port),
      });
      expect(down.code).toBe(1);
      expect(down.stderr).toBe(
        `No Front Office answers at http://127.0.0.1:${port}: start it with \`npx frontoffice start\` (same PORT and FRONTOFFICE_DATA_DIR), then import again.\n`,
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
