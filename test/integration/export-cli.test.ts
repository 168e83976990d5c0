import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/free-port.ts';
import type { RunningHttpServer } from '#local/http/http-server.ts';
import { contactEmailItem, contactItem } from '#shared/contacts/contact.entity.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import { newRecordMeta } from '#shared/platform/db/record.ts';
import { tableName } from '#shared/platform/db/table.ts';
import { announceToCli, cliRunner } from '../support/frontoffice-cli.ts';
import { startLocalApi } from '../support/local-api.ts';

// `frontoffice export` as a user runs it: the CLI in a child process, finding the instance through
// `<dataDir>/runtime.json`, paging the real API served in-process on this file's table.
const dataDir = mkdtempSync(join(tmpdir(), 'fo-export-'));
const CONTACTS = 10_000;
const FIRST_NAMES = ['Jürgen', 'Anna', 'Björn', 'Käthe', 'Özlem'];
const LAST_NAMES = ['Müller', 'Groß', 'Schäfer', 'Weiß', 'Öztürk'];

const runCli = cliRunner(dataDir, 120_000);

/** The contact the API would store, written straight into the table (10,000 POSTs would take minutes). */
const contact = (index: number): Contact => ({
  ...newRecordMeta(),
  firstName: FIRST_NAMES[index % FIRST_NAMES.length] ?? 'Anna',
  lastName: LAST_NAMES[index % LAST_NAMES.length] ?? 'Müller',
  email: `kontakt-${index}@example.de`,
  phone: index % 3 === 0 ? '+49 89 1234567' : null,
  lifecycleStage: index % 10 === 0 ? 'customer' : 'lead',
  language: 'de',
  interests: index % 2 === 0 ? ['crm', 'erp'] : [],
  consents: {},
});

const seedContacts = async (count: number): Promise<void> => {
  const items = Array.from({ length: count }, (_, index) => contact(index)).flatMap((record) => [
    contactItem(record),
    contactEmailItem(record),
  ]);
  const batches: Record<string, unknown>[][] = [];
  for (let at = 0; at < items.length; at += 25) batches.push(items.slice(at, at + 25));
  const write = async (batch: Record<string, unknown>[]) => {
    let pending = batch.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await dynamo.send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (result.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
    }
  };
  for (let at = 0; at < batches.length; at += 8) await Promise.all(batches.slice(at, at + 8).map(write));
};

let server: RunningHttpServer;
let adminToken: string;

beforeAll(async () => {
  ({ server, adminToken } = await startLocalApi(dataDir, 'test-export'));
  announceToCli(dataDir, server.url);
  await seedContacts(CONTACTS);
}, 180_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('frontoffice export', () => {
  it('exports 10,000 contacts to an XLSX file a spreadsheet reader opens with 10,001 rows', async () => {
    const file = join(dataDir, 'kontakte.xlsx');

    const outcome = await runCli(['export', 'contacts', '--format', 'xlsx', '--out', file]);

    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toContain(`Exported ${CONTACTS} row(s) of contacts`);
    expect(existsSync(`${file}.part`)).toBe(false);
    // Read back with exceljs' streaming reader: every row of every sheet.
    const rows: unknown[][] = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {});
    let sheets = 0;
    for await (const sheet of reader) {
      sheets++;
      for await (const row of sheet) rows.push((row.values as unknown[]).slice(1));
    }
    expect(sheets).toBe(1);
    expect(rows).toHaveLength(CONTACTS + 1);
    const header = rows[0] as string[];
    expect(header.slice(0, 8)).toEqual([
      'id',
      'createdAt',
      'updatedAt',
      'version',
      'firstName',
      'lastName',
      'email',
      'phone',
    ]);
    expect(header).toEqual(expect.arrayContaining(['interests', 'consents.email.status', 'lifecycleStage']));
    const column = (name: string) => header.indexOf(name);
    const data = rows.slice(1);
    expect(new Set(data.map((row) => row[column('email')])).size).toBe(CONTACTS);
    const umlauts = data.find((row) => row[column('email')] === 'kontakt-0@example.de');
    expect(umlauts?.[column('firstName')]).toBe('Jürgen');
    expect(umlauts?.[column('lastName')]).toBe('Müller');
    expect(umlauts?.[column('interests')]).toBe('crm|erp');
    expect(umlauts?.[column('version')]).toBe(1);
    expect(umlauts?.[column('phone')]).toBe('+49 89 1234567');
    expect(data.find((row) => row[column('email')] === 'kontakt-4@example.de')?.[column('lastName')]).toBe(
      'Öztürk',
    );
  }, 180_000);

  it('exports with the list filters to CSV for German Excel: BOM, `;`, guarded formulas', async () => {
    const created = await fetch(`${server.url}/v1/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: '=HYPERLINK("http://example.com/x";"Klick")',
        lastName: 'Weiß; Söhne',
        email: 'formel@example.de',
        lifecycleStage: 'customer',
      }),
    });
    expect(created.status).toBe(201);
    const file = join(dataDir, 'kunden.csv');

    const outcome = await runCli([
      'export',
      'contacts',
      '--out',
      file,
      '--filter',
      'lifecycleStage=customer',
      '--delimiter',
      ';',
    ]);

    expect(outcome.code, outcome.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFFid;createdAt;updatedAt;version;firstName;lastName;email;')).toBe(true);
    const lines = text.split('\r\n').filter(Boolean);
    // 1,000 seeded customers (every tenth contact) and the one created above, plus the header.
    expect(lines).toHaveLength(CONTACTS / 10 + 2);
    expect(lines.slice(1).every((line) => line.includes(';customer;'))).toBe(true);
    expect(lines.some((line) => line.includes(';lead;'))).toBe(false);
    const formula = lines.find((line) => line.includes('formel@example.de'));
    expect(formula).toContain(`;"'=HYPERLINK(""http://example.com/x"";""Klick"")";"Weiß; Söhne";`);
  }, 120_000);

  it('exports another list, opportunities by stage, with money as amount and currency columns', async () => {
    const post = (body: unknown) =>
      fetch(`${server.url}/v1/opportunities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const [name, amount, stage] of [
      ['Großauftrag Süd', '12500.50', 'proposal'],
      ['Wartung Köln', '-300.00', 'proposal'],
      ['Lizenzen', '999.99', 'qualification'],
    ] as const) {
      const created = await post({
        name,
        amount: { amount, currency: 'EUR' },
        expectedCloseDate: '2027-03-31',
        stage,
      });
      expect(created.status, await created.clone().text()).toBe(201);
    }
    const file = join(dataDir, 'angebote.xlsx');

    const outcome = await runCli(['export', 'opportunities', '--out', file, '--filter', 'stage=proposal']);

    expect(outcome.code, outcome.stderr).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('opportunities');
    if (!sheet) throw new Error('no sheet "opportunities"');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['amount.amount', 'amount.currency', 'stage']));
    const rows = [2, 3].map((index) => {
      const values = (sheet.getRow(index).values as unknown[]).slice(1);
      return Object.fromEntries(header.map((name, column) => [String(name), values[column]]));
    });
    expect(sheet.rowCount).toBe(3);
    expect(
      rows.map((row) => [row.name, row['amount.amount'], row['amount.currency'], row.stage]).sort(),
    ).toEqual([
      ['Großauftrag Süd', 12500.5, 'EUR', 'proposal'],
      ['Wartung Köln', -300, 'EUR', 'proposal'],
    ]);
  }, 60_000);

  it('refuses an unknown resource, format or filter with one line and exit 1', async () => {
    const resource = await runCli(['export', 'kontakte']);
    expect(resource.code).toBe(1);
    expect(resource.stderr).toMatch(/^Cannot export "kontakte": exportable are .*\bcontacts\b.*\n$/);

    const format = await runCli(['export', 'contacts', '--format', 'pdf']);
    expect(format.code).toBe(1);
    expect(format.stderr).toBe('--format pdf is not one of csv, xlsx.\n');

    const filter = await runCli(['export', 'contacts', '--filter', 'stage=customer']);
    expect(filter.code).toBe(1);
    expect(filter.stderr).toBe(
      '"stage" does not filter contacts: use ownerId, accountId, lifecycleStage, email, q.\n',
    );

    const value = await runCli(['export', 'contacts', '--filter', 'lifecycleStage=kunde']);
    expect(value.code).toBe(1);
    expect(value.stderr).toMatch(/^Filter lifecycleStage of contacts: /);

    const delimiter = await runCli(['export', 'contacts', '--delimiter', '|']);
    expect(delimiter.code).toBe(1);
    expect(delimiter.stderr).toBe('--delimiter | is not "," or ";" (";" for German Excel).\n');
  });

  it('writes no file when the API refuses the export (role without access) or nothing runs', async () => {
    const file = join(dataDir, 'kampagnen.csv');
    const refused = await runCli(['export', 'campaigns', '--role', 'analyst', '--out', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Export failed, no file written: \/v1\/campaigns answered 403: /);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('kampagnen'))).toEqual([]);

    const otherDir = mkdtempSync(join(tmpdir(), 'fo-export-none-'));
    try {
      const port = await freePort();
      const down = await runCli(['export', 'contacts'], {
        FRONTOFFICE_DATA_DIR: otherDir,
        PORT: String(port),
      });
      expect(down.code).toBe(1);
      expect(down.stderr).toBe(
        `No Front Office answers at http://127.0.0.1:${port}: start it with \`npx frontoffice start\` (same PORT and FRONTOFFICE_DATA_DIR), then export again.\n`,
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
