import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { csvField, csvLine, guardFormula } from '#shared/exports/csv-format.ts';
import { cellOf, columnsOf, rowOf } from '#shared/exports/export-columns.ts';
import { createExportProgress, formatExportProgress } from '#shared/exports/export-progress.ts';
import {
  ExportInputError,
  exportRequest,
  exportResources,
  findExportResource,
} from '#shared/exports/export-resources.ts';
import { ExportApiError, httpPageFetcher, type ListPage, runExport } from '#shared/exports/export-runner.ts';
import { createCsvSink, createXlsxSink } from '#shared/exports/export-sinks.ts';
import { moneySchema } from '#shared/platform/money.ts';

const collect = (stream: PassThrough): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

/** exceljs declares its own `Buffer` (an ArrayBuffer); hand it exactly the file's bytes. */
const arrayBufferOf = (bytes: Buffer): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('CSV fields', () => {
  it('quotes the delimiter, quotes and line breaks as RFC 4180 says, nothing else', () => {
    expect(csvField('Müller', ',')).toBe('Müller');
    expect(csvField('Müller, Söhne', ',')).toBe('"Müller, Söhne"');
    expect(csvField('Müller, Söhne', ';')).toBe('Müller, Söhne');
    expect(csvField('Müller; Söhne', ';')).toBe('"Müller; Söhne"');
    expect(csvField('sagt "hallo"', ',')).toBe('"sagt ""hallo"""');
    expect(csvField('Zeile 1\r\nZeile 2', ',')).toBe('"Zeile 1\r\nZeile 2"');
    expect(csvField(null, ',')).toBe('');
    expect(csvField(42, ',')).toBe('42');
    expect(csvField(false, ',')).toBe('false');
    expect(csvLine(['a', null, 3], ';')).toBe('a;;3\r\n');
  });

  it('prefixes text a spreadsheet would run as a formula with an apostrophe', () => {
    for (const text of ['=HYPERLINK("http://evil","x")', '+49 89 1234', '-1+1', '@SUM(A1)', '\tx', '\rx']) {
      expect(guardFormula(text)).toBe(`'${text}`);
    }
    expect(guardFormula('Anna')).toBe('Anna');
    expect(guardFormula('a=b')).toBe('a=b');
    expect(csvField('=1+1', ',')).toBe("'=1+1");
    expect(csvField('=1,2', ',')).toBe('"\'=1,2"');
    // Numbers and trusted decimal strings (money amounts) stay numbers.
    expect(csvField(-5, ',')).toBe('-5');
    expect(csvField('-12.50', ',', true)).toBe('-12.50');
    expect(csvField('-12.50', ',')).toBe("'-12.50");
  });
});

describe('columns', () => {
  const schema = z.strictObject({
    id: z.string(),
    score: z.number(),
    active: z.boolean(),
    tags: z.array(z.string()),
    price: moneySchema,
    budget: moneySchema.nullable().optional(),
    address: z.object({ city: z.string().optional(), country: z.string().optional() }).nullable().optional(),
    consents: z.partialRecord(z.enum(['email', 'phone']), z.object({ status: z.string() })),
    lines: z.array(z.object({ sku: z.string() })),
    points: z.record(z.string(), z.number()),
  });

  it('flattens objects, money, enum-keyed records; joins scalar lists; JSON for the rest', () => {
    const columns = columnsOf(schema);
    expect(columns.map((column) => `${column.header}:${column.kind}`)).toEqual([
      'id:text',
      'score:number',
      'active:boolean',
      'tags:list',
      'price.amount:decimal',
      'price.currency:text',
      'budget.amount:decimal',
      'budget.currency:text',
      'address.city:text',
      'address.country:text',
      'consents.email.status:text',
      'consents.phone.status:text',
      'lines:json',
      'points:json',
    ]);
    const record = {
      id: 'x',
      score: 3,
      active: true,
      tags: ['crm', 'erp'],
      price: { amount: '1234.50', currency: 'EUR' },
      budget: null,
      consents: { phone: { status: 'granted' } },
      lines: [{ sku: 'A-1' }],
      points: { visit: 5 },
    };
    expect(rowOf(columns, record)).toEqual([
      'x',
      3,
      true,
      'crm|erp',
      '1234.50',
      'EUR',
      null,
      null,
      null,
      null,
      null,
      'granted',
      '[{"sku":"A-1"}]',
      '{"visit":5}',
    ]);
    expect(cellOf({ header: 'v', path: ['v'], kind: 'json' }, { v: 'plain' })).toBe('plain');
  });

  it('derives a resource for every list operation of the catalog, with its filters', () => {
    const resources = exportResources();
    for (const name of [
      'contacts',
      'accounts',
      'leads',
      'opportunities',
      'tickets',
      'activities',
      'orders',
      'products',
      'quotes',
      'campaigns',
      'ticket-messages',
    ]) {
      expect(resources.has(name), name).toBe(true);
    }
    const contacts = findExportResource('contacts', resources);
    expect(contacts.filters).toEqual(['ownerId', 'accountId', 'lifecycleStage', 'email', 'q']);
    expect(contacts.columns.map((column) => column.header)).toContain('consents.email.status');
    const opportunities = findExportResource('opportunities', resources);
    expect(opportunities.columns.map((column) => column.header)).toEqual(
      expect.arrayContaining(['amount.amount', 'amount.currency']),
    );
  });

  it('refuses unknown resources, unknown filters, bad filter values and missing path parameters', () => {
    expect(() => findExportResource('kontakte')).toThrow(
      /Cannot export "kontakte": exportable are .*contacts/,
    );
    const contacts = findExportResource('contacts');
    expect(() => exportRequest(contacts, { stage: 'customer' })).toThrow(
      /"stage" does not filter contacts: use ownerId, accountId, lifecycleStage, email, q/,
    );
    expect(() => exportRequest(contacts, { lifecycleStage: 'kunde' })).toThrow(ExportInputError);
    expect(() => exportRequest(findExportResource('ticket-messages'), {})).toThrow(
      /needs --filter id=<value> \(\/v1\/tickets\/\{id\}\/messages\)/,
    );
    const request = exportRequest(contacts, { lifecycleStage: 'customer', q: 'mül' });
    expect(request.path).toBe('/v1/contacts');
    expect(Object.fromEntries(request.query)).toEqual({ lifecycleStage: 'customer', q: 'mül', limit: '200' });
    const messages = exportRequest(findExportResource('ticket-messages'), {
      id: '01J0000000000000000000000A',
    });
    expect(messages.path).toBe('/v1/tickets/01J0000000000000000000000A/messages');
  });
});

describe('streaming', () => {
  const columns = columnsOf(z.object({ name: z.string(), price: moneySchema, n: z.number() }));
  const pages = (count: number, size: number) => {
    const requested: (string | undefined)[] = [];
    const fetchPage = async (cursor: string | undefined): Promise<ListPage> => {
      requested.push(cursor);
      const index = cursor ? Number(cursor) : 0;
      return {
        items: Array.from({ length: size }, (_, i) => ({
          name: `Jürgen ${index * size + i}`,
          price: { amount: '-12.50', currency: 'EUR' },
          n: index * size + i,
        })),
        nextCursor: index + 1 < count ? String(index + 1) : null,
      };
    };
    return { fetchPage, requested };
  };

  it('writes CSV page by page with a BOM, the header and guarded cells', async () => {
    const out = new PassThrough();
    const bytes = collect(out);
    const { fetchPage, requested } = pages(3, 2);
    const progress: number[] = [];
    const summary = await runExport({
      fetchPage,
      columns,
      sink: createCsvSink(out, columns, { delimiter: ';' }),
      progress: (rows) => progress.push(rows),
    });
    expect(summary).toEqual({ rows: 6, pages: 3, truncatedCells: 0 });
    expect(requested).toEqual([undefined, '1', '2']);
    expect(progress).toEqual([2, 4, 6]);
    const text = (await bytes).toString('utf8');
    expect(text.startsWith('\uFEFFname;price.amount;price.currency;n\r\n')).toBe(true);
    expect(text.split('\r\n')[1]).toBe('Jürgen 0;-12.50;EUR;0');
    expect(text.split('\r\n')).toHaveLength(8);
  });

  it('writes XLSX that a reader opens: header, numbers for amounts, umlauts', async () => {
    const out = new PassThrough();
    const bytes = collect(out);
    const { fetchPage } = pages(2, 3);
    await runExport({ fetchPage, columns, sink: createXlsxSink(out, columns, 'contacts') });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(arrayBufferOf(await bytes));
    const sheet = workbook.getWorksheet('contacts');
    expect(sheet?.rowCount).toBe(7);
    expect(sheet?.getRow(1).values).toEqual([undefined, 'name', 'price.amount', 'price.currency', 'n']);
    expect(sheet?.getRow(7).values).toEqual([undefined, 'Jürgen 5', -12.5, 'EUR', 5]);
  });

  it('cuts cells over Excel’s limit and drops characters XML cannot carry, and says so', async () => {
    const out = new PassThrough();
    const bytes = collect(out);
    const text = columnsOf(z.object({ body: z.string() }));
    const sink = createXlsxSink(out, text, 'long');
    await sink.writeRows([['x'.repeat(40_000)], ['a\u0001b']]);
    expect(await sink.finish()).toEqual({ truncatedCells: 1 });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(arrayBufferOf(await bytes));
    const sheet = workbook.getWorksheet('long');
    expect(String(sheet?.getCell('A2').value)).toHaveLength(32_767);
    expect(sheet?.getCell('A3').value).toBe('ab');
  });

  it('fails with the API error and does not finish the file', async () => {
    const out = new PassThrough();
    let finished = false;
    const sink = {
      writeRows: async () => undefined,
      finish: async () => {
        finished = true;
        return { truncatedCells: 0 };
      },
    };
    await expect(
      runExport({
        fetchPage: async (cursor) => {
          if (cursor) throw new Error('403 Forbidden');
          return { items: [{ name: 'a' }], nextCursor: 'next' };
        },
        columns,
        sink,
      }),
    ).rejects.toThrow('403 Forbidden');
    expect(finished).toBe(false);
    out.destroy();
  });

  it('shows rows, pages and rate without a total', () => {
    expect(formatExportProgress(4200, 21, 3000)).toBe(
      '[#...................] 4200 rows  21 pages  1400 rows/s  0:03',
    );
    expect(formatExportProgress(0, 0, 0)).toBe('[....................] 0 rows  0 pages  0 rows/s  0:00');
  });

  it('redraws one line on a TTY and prints a plain line every few seconds otherwise', () => {
    let clock = 0;
    const output = (isTTY: boolean) => {
      const written: string[] = [];
      const stream = Object.assign(new PassThrough(), { isTTY });
      stream.on('data', (chunk: Buffer) => written.push(chunk.toString()));
      return { stream, written };
    };
    const tty = output(true);
    const bar = createExportProgress({ stream: tty.stream, now: () => clock });
    clock = 50;
    bar.update(200, 1); // within 100 ms of the start: not drawn
    clock = 1000;
    bar.update(400, 2);
    bar.finish();
    const plain = output(false);
    clock = 0;
    const lines = createExportProgress({ stream: plain.stream, now: () => clock, lineIntervalMs: 5000 });
    clock = 1000;
    lines.update(200, 1);
    clock = 6000;
    lines.update(1200, 6);
    lines.finish();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(tty.written).toEqual([
          '\r\x1b[2K[##..................] 400 rows  2 pages  400 rows/s  0:01',
          '\r\x1b[2K[##..................] 400 rows  2 pages  400 rows/s  0:01',
          '\n',
        ]);
        expect(plain.written).toEqual([
          '[######..............] 1200 rows  6 pages  200 rows/s  0:06\n',
          '[######..............] 1200 rows  6 pages  200 rows/s  0:06\n',
        ]);
        resolve();
      }),
    );
  });

  it('fails instead of hanging when the file cannot be written', async () => {
    const broken = new Writable({
      highWaterMark: 16,
      write: (_chunk, _encoding, done) => done(new Error('ENOSPC: no space left on device')),
    });
    const sink = createCsvSink(broken, columns);
    await expect(
      (async () => {
        for (let page = 0; page < 3; page++) await sink.writeRows([['x'.repeat(100), null, null]]);
        await sink.finish();
      })(),
    ).rejects.toThrow('ENOSPC');
  });
});

describe('paging over HTTP', () => {
  const request = { path: '/v1/contacts', query: new URLSearchParams({ q: 'mül', limit: '200' }) };

  it('sends the token, the filters and the cursor, and reads the page', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const fetchPage = httpPageFetcher({
      baseUrl: 'http://127.0.0.1:3000',
      token: 't0k',
      request,
      fetch: async (input, init) => {
        seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
        return Response.json({ items: [{ id: 'a' }], nextCursor: null });
      },
    });
    expect(await fetchPage('abc')).toEqual({ items: [{ id: 'a' }], nextCursor: null });
    expect(seen).toEqual([
      { url: 'http://127.0.0.1:3000/v1/contacts?q=m%C3%BCl&limit=200&cursor=abc', auth: 'Bearer t0k' },
    ]);
  });

  it('turns a problem answer or a lost connection into one message', async () => {
    const refused = httpPageFetcher({
      baseUrl: 'http://127.0.0.1:3000',
      token: 't',
      request,
      fetch: async () =>
        Response.json(
          { title: 'Forbidden', detail: 'Role analyst may not list campaigns.' },
          { status: 403 },
        ),
    });
    await expect(refused(undefined)).rejects.toThrow(
      new ExportApiError(403, '/v1/contacts answered 403: Forbidden: Role analyst may not list campaigns.'),
    );
    const gone = httpPageFetcher({
      baseUrl: 'http://127.0.0.1:3000',
      token: 't',
      request,
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      },
    });
    await expect(gone(undefined)).rejects.toThrow(
      '/v1/contacts: no answer from http://127.0.0.1:3000 (ECONNREFUSED)',
    );
  });
});
