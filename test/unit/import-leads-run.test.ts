import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserFacingError } from '#local/config.ts';
import { importIdempotencyKey, planLeadImport, runLeadImport } from '#local/import/lead-import.ts';
import { createLeadSender, type LeadSender, type SendOutcome } from '#local/import/leads-client.ts';
import { formatProgressBar, formatProgressLine } from '#local/import/progress.ts';
import { formatDuration } from '#shared/platform/format-duration.ts';

const dir = mkdtempSync(join(tmpdir(), 'fo-import-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const fileWith = (content: string): string => {
  const path = join(dir, `leads-${++count}.csv`);
  writeFileSync(path, content);
  return path;
};

const GERMAN =
  '\uFEFFE-Mail;Vorname;Firma;Lieblingsfarbe\r\n' +
  'anna@example.de;Anna;"Müller; Söhne"\r\n' +
  'kaputt;Jörg;;rot\r\n' +
  'ANNA@example.de;Anna;;blau\r\n' +
  ';;;\r\n' +
  'bernd@example.de;Bernd;"Groß\r\nAG";grün\r\n';

describe('planning an import', () => {
  it('counts data rows without blank ones and reports unknown columns', async () => {
    const plan = await planLeadImport(fileWith(GERMAN));

    expect(plan).toMatchObject({ total: 4, delimiter: ';', bom: true });
    expect(plan.mapping.unknown).toEqual(['Lieblingsfarbe']);
  });

  it('refuses a file without an email column before anything is sent', async () => {
    await expect(planLeadImport(fileWith('name,company\nAnn,Acme\n'))).rejects.toThrow(/has no email column/);
  });
});

describe('running an import', () => {
  it('sends valid rows with file-and-line keys, one email after the other, and reports the rest', async () => {
    // Prepare
    const file = fileWith(GERMAN);
    const plan = await planLeadImport(file);
    const sent: { email: string; key: string }[] = [];
    const send: LeadSender = async (body, key) => {
      sent.push({ email: body.email, key });
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (body.email === 'bernd@example.de')
        return { kind: 'rejected', reason: '409 The lead is converted.' };
      return {
        kind: sent.filter((s) => s.email === body.email).length === 1 ? 'created' : 'updated',
        leadId: 'x',
      };
    };

    // Act
    const summary = await runLeadImport(plan, { send, concurrency: 8 });

    // Assess
    expect(summary).toEqual({
      total: 4,
      created: 1,
      updated: 1,
      unchanged: 0,
      rejected: 2,
      reportPath: `${file}.rejected.csv`,
    });
    // The duplicate email went after the first row of that email, in file order.
    expect(sent.filter((s) => s.email === 'anna@example.de').map((s) => s.key)).toEqual([
      importIdempotencyKey(plan.sha256, 2),
      importIdempotencyKey(plan.sha256, 4),
    ]);
    expect(readFileSync(`${file}.rejected.csv`, 'utf8')).toBe(
      '\uFEFFE-Mail;Vorname;Firma;Lieblingsfarbe;line;reason\r\n' +
        'kaputt;Jörg;;rot;3;email: Must be an email address.\r\n' +
        'bernd@example.de;Bernd;"Groß\r\nAG";grün;6;409 The lead is converted.\r\n',
    );
  });

  it('keeps at most `concurrency` rows in flight', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `lead${i}@example.com`).join('\n');
    const plan = await planLeadImport(fileWith(`email\n${rows}\n`));
    let inFlight = 0;
    let peak = 0;
    const send: LeadSender = async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return { kind: 'created', leadId: 'x' };
    };

    const summary = await runLeadImport(plan, { send, concurrency: 3 });

    expect(summary.created).toBe(30);
    expect(peak).toBe(3);
  });

  it('removes a stale report when every row is imported, and stops on a fatal error', async () => {
    const file = fileWith('email\na@example.com\nb@example.com\n');
    writeFileSync(`${file}.rejected.csv`, 'old');
    const plan = await planLeadImport(file);

    const summary = await runLeadImport(plan, { send: async () => ({ kind: 'unchanged', leadId: 'x' }) });
    expect(summary).toMatchObject({ unchanged: 2, rejected: 0, reportPath: undefined });
    expect(() => readFileSync(`${file}.rejected.csv`)).toThrow();

    const gone = new UserFacingError('Front Office stopped answering');
    await expect(
      runLeadImport(plan, {
        send: async () => {
          throw gone;
        },
      }),
    ).rejects.toBe(gone);
  });
});

describe('the lead sender', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const body = { email: 'a@example.com', source: 'import' };

  const senderWith = (answers: (Response | Error)[]) => {
    const calls: RequestInit[] = [];
    const send = createLeadSender({
      baseUrl: 'http://127.0.0.1:1',
      token: 't',
      maxAttempts: 3,
      sleep: async () => undefined,
      fetch: async (_url, init) => {
        calls.push(init ?? {});
        const next = answers.shift();
        if (!next || next instanceof Error) throw next ?? new Error('no answer');
        return next;
      },
    });
    return { send, calls };
  };

  it('retries 429 and 5xx with the same key, then tells created from updated from replayed', async () => {
    const { send, calls } = senderWith([
      answer(429, {}, { 'retry-after': '0' }),
      answer(503, {}),
      answer(201, { id: 'L1', submissions: 1 }),
    ]);

    expect(await send(body, 'import:abc:2')).toEqual<SendOutcome>({ kind: 'created', leadId: 'L1' });
    expect(calls.map((call) => (call.headers as Record<string, string>)['idempotency-key'])).toEqual([
      'import:abc:2',
      'import:abc:2',
      'import:abc:2',
    ]);
    expect(await senderWith([answer(201, { id: 'L1', submissions: 2 })]).send(body, 'k')).toMatchObject({
      kind: 'updated',
    });
    const replayed = answer(201, { id: 'L1', submissions: 1 }, { 'idempotent-replayed': 'true' });
    expect(await senderWith([replayed]).send(body, 'k')).toMatchObject({ kind: 'unchanged' });
  });

  it("rejects a row answered 4xx with the server's problem detail", async () => {
    const { send } = senderWith([
      answer(400, { title: 'Bad request', errors: [{ path: 'country', message: 'Must be DE.' }] }),
      answer(422, { title: 'Unprocessable', detail: 'This Idempotency-Key was already used.' }),
    ]);

    expect(await send(body, 'k')).toEqual({ kind: 'rejected', reason: '400 country: Must be DE.' });
    expect(await send(body, 'k')).toEqual({
      kind: 'rejected',
      reason: '422 This Idempotency-Key was already used.',
    });
  });

  it('gives up with a one-line error when the token is refused or the instance is gone', async () => {
    await expect(senderWith([answer(401, {})]).send(body, 'k')).rejects.toThrow(/refused the import token/);
    await expect(
      senderWith([new Error('a'), new Error('b'), new Error('c')]).send(body, 'k'),
    ).rejects.toThrow(/stopped answering: start it again/);
  });
});

describe('progress output', () => {
  it('shows rows done of total, percent, rate and ETA', () => {
    expect(formatProgressBar(450, 1000, 3000, 10)).toBe('[####......]  450/1000  45%  150 rows/s  ETA 0:04');
    expect(formatProgressLine(450, 1000, 3000)).toBe(
      'Imported 450 of 1000 rows (45%), 150 rows/s, about 0:04 left',
    );
    expect(formatDuration(3723)).toBe('1:02:03');
  });
});
