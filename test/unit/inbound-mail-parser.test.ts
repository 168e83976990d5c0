import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attachmentKey, fileAttachmentStorage } from '#shared/inbound-mail/attachment-storage.ts';
import { parseRawMail } from '#shared/inbound-mail/inbound-mail.parser.ts';

const dir = mkdtempSync(join(tmpdir(), 'fo-attach-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const raw = (lines: string[]) => Buffer.from(lines.join('\r\n'));

describe('parseRawMail', () => {
  it('reads sender, subject, text, threading headers and attachments', async () => {
    const mail = await parseRawMail(
      raw([
        'From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <Juergen.Mueller@Beispiel.example>',
        'To: service@frontoffice.test',
        'Subject: =?UTF-8?Q?AW:_[#T-2026-000042]_Defektes_Ger=C3=A4t?=',
        'Message-ID: <abc@beispiel.example>',
        'In-Reply-To: <ack@eu-central-1.amazonses.com>',
        'References: <first@beispiel.example> <ack@eu-central-1.amazonses.com>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hallo',
        '--b',
        'Content-Type: application/pdf; name="rechnung.pdf"',
        'Content-Disposition: attachment; filename="rechnung.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4').toString('base64'),
        '--b--',
        '',
      ]),
    );
    expect(mail).toMatchObject({
      messageId: '<abc@beispiel.example>',
      from: { address: 'juergen.mueller@beispiel.example', name: 'Jürgen Müller' },
      to: ['service@frontoffice.test'],
      subject: 'AW: [#T-2026-000042] Defektes Gerät',
      text: 'Hallo',
      inReplyTo: '<ack@eu-central-1.amazonses.com>',
      references: ['<first@beispiel.example>', '<ack@eu-central-1.amazonses.com>'],
    });
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ name: 'rechnung.pdf', contentType: 'application/pdf' });
  });

  it('gives a mail without Message-ID a stable one derived from its bytes', async () => {
    const bytes = raw(['From: a@b.example', 'Subject: x', '', 'y']);
    const first = await parseRawMail(bytes);
    const second = await parseRawMail(bytes);
    expect(first.messageId).toBe(second.messageId);
  });

  it('refuses a mail without a sender address', async () => {
    await expect(parseRawMail(raw(['Subject: x', '', 'y']))).rejects.toThrow();
  });
});

describe('attachment storage', () => {
  it('keeps files inside the data directory, whatever the file name says', async () => {
    const storage = fileAttachmentStorage(dir);
    const stored = await storage.put('../../etc', {
      name: '../../passwd',
      contentType: 'text/plain',
      content: Buffer.from('x'),
    });
    expect(stored.storageKey).toMatch(/^attachments\/[\w-]+\/[0-9a-f]{16}-[\w.-]+$/);
    expect(stored.storageKey).not.toContain('..');
    expect(readFileSync(join(dir, stored.storageKey), 'utf8')).toBe('x');
  });

  it('derives the same key for the same content (a redelivery overwrites, never duplicates)', () => {
    const file = { name: 'a.txt', contentType: 'text/plain', content: Buffer.from('same') };
    expect(attachmentKey('p', file)).toBe(attachmentKey('p', file));
  });
});
