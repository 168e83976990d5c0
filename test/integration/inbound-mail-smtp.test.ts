import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '#local/free-port.ts';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

// The environment first: the platform reads it once, at import.
const dataDir = mkdtempSync(join(tmpdir(), 'fo-inbound-'));
process.env.FRONTOFFICE_DATA_DIR = dataDir;
process.env.SURVEY_TOKEN_SECRET = 'test-survey-secret-0123456789abcdef0123456789';
process.env.PUBLIC_API_URL = 'http://frontoffice.test';
process.env.MAIL_FROM = 'Front Office Service <service@frontoffice.test>';

const { startInboundSmtp } = await import('#local/smtp/inbound-smtp.ts');
const { consume } = await import('../../functions/ticket-mailer/ticket-mailer.handler.ts');
const { findTicket, listTicketMessages } = await import('#shared/tickets/ticket.service.ts');
const { sesMessageIdHeader } = await import('#shared/tickets/ticket-mail.sender.ts');
const { invoke } = await import('../support/invoke.ts');
const { busMessage, sqsEvent } = await import('../support/order-fixture.ts');
const { outboxEvents } = await import('../support/outbox.ts');

const smtpPort = await freePort();
const smtp = await startInboundSmtp({ port: smtpPort, host: '127.0.0.1', dataDir });
const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });

afterAll(async () => {
  transport.close();
  await smtp.close();
  await sesLocal.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const unique = () => `${crypto.randomUUID()}`;

const createContact = async (language: 'de' | 'en') => {
  const answer = await invoke('POST', '/v1/contacts', {
    body: {
      firstName: 'Jürgen',
      lastName: 'Müller',
      email: `j.mueller.${unique()}@beispiel.example`,
      language,
    },
    role: 'sales',
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string; email: string };
};

/** Delivers every outbox event of these names (about this ticket) to the ticket-mail consumer. */
const deliverTicketMail = async (ticketId: string, names: string[]) => {
  const events = (await outboxEvents({ subjectId: ticketId })).filter((event) => names.includes(event.name));
  const result = await consume(sqsEvent(events.map(busMessage)), {} as never);
  expect(result.batchItemFailures).toEqual([]);
};

const openedTicketsOf = async (contactId: string) =>
  (await outboxEvents({ name: 'ticket.opened' })).filter((event) => event.data.contactId === contactId);

const mailsTo = async (email: string) =>
  (await inbox()).filter((mail) => mail.destination.to.includes(email));

describe('inbound email over the local SMTP port', () => {
  let contact: { id: string; email: string };
  let ticketId: string;
  let ackMessageId: string;

  beforeAll(async () => {
    contact = await createContact('de');
  });

  it('turns a mail "Defektes Produkt" into a high-priority ticket for Technischer Support, matched by sender', async () => {
    // Act
    await transport.sendMail({
      from: `Jürgen Müller <${contact.email}>`,
      to: 'service@frontoffice.test',
      subject: 'Defektes Produkt',
      text: 'Guten Tag, das Gerät startet nicht mehr. Foto anbei.',
      attachments: [{ filename: 'foto.txt', content: 'not really a photo', contentType: 'text/plain' }],
    });

    // Assess
    const opened = await openedTicketsOf(contact.id);
    expect(opened).toHaveLength(1);
    ticketId = opened[0]?.subject.id as string;
    const ticket = await findTicket(ticketId);
    expect(ticket).toMatchObject({ channel: 'email', priority: 'high', team: 'Technischer Support' });
    expect(ticket.contactId).toBe(contact.id);
    expect(JSON.stringify(opened[0])).not.toContain(contact.email);
  });

  it('stores the attachment as a file and references it from the message', async () => {
    const { items } = await listTicketMessages(ticketId, 10, undefined);
    const attachment = items[0]?.attachments[0];
    expect(attachment).toMatchObject({ name: 'foto.txt', contentType: 'text/plain', size: 18 });
    const path = join(dataDir, attachment?.storageKey ?? 'missing');
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('not really a photo');
  });

  it('acknowledges once, in German, with the ticket number in the subject', async () => {
    const ticket = await findTicket(ticketId);
    await deliverTicketMail(ticketId, ['ticket.opened']);
    await deliverTicketMail(ticketId, ['ticket.opened']); // redelivered
    const mails = await mailsTo(contact.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain(`[${ticket.number}]`);
    expect(mails[0]?.body.text).toContain('Guten Tag Jürgen Müller');
    ackMessageId = sesMessageIdHeader(mails[0]?.messageId as string);
  });

  it('threads a reply to the acknowledgment (In-Reply-To) into the same ticket', async () => {
    await transport.sendMail({
      from: contact.email,
      to: 'service@frontoffice.test',
      subject: 'Re: Ihre Anfrage',
      inReplyTo: ackMessageId,
      references: [ackMessageId],
      text: 'Nachtrag: Seriennummer 4711.',
    });
    expect(await openedTicketsOf(contact.id)).toHaveLength(1);
    const { items } = await listTicketMessages(ticketId, 10, undefined);
    expect(items.map((message) => message.direction)).toEqual(['inbound', 'inbound']);
    expect(items[1]?.text).toContain('Seriennummer 4711');
  });

  it('threads a reply by the ticket number in the subject', async () => {
    const ticket = await findTicket(ticketId);
    await transport.sendMail({
      from: contact.email,
      to: 'service@frontoffice.test',
      subject: `AW: [#${ticket.number}] Defektes Produkt`,
      text: 'Noch ein Nachtrag.',
    });
    expect((await findTicket(ticketId)).messageCount).toBe(3);
  });

  it('makes one ticket of the same mail delivered twice', async () => {
    const other = await createContact('en');
    const mail = {
      from: other.email,
      to: 'service@frontoffice.test',
      subject: 'Question about my invoice',
      text: 'Hello, where is my invoice?',
      messageId: `<dup-${unique()}@sender.example>`,
    };
    await transport.sendMail(mail);
    await transport.sendMail(mail);
    const opened = await openedTicketsOf(other.id);
    expect(opened).toHaveLength(1);
    expect((await findTicket(opened[0]?.subject.id as string)).messageCount).toBe(1);
  });

  it('creates the contact for an unknown sender', async () => {
    const email = `neu.${unique()}@kunde.example`;
    await transport.sendMail({
      from: `Erika Mustermann <${email}>`,
      to: 'x@frontoffice.test',
      subject: 'Hallo',
      text: 'Hallo!',
    });
    const found = await invoke('GET', `/v1/contacts?email=${encodeURIComponent(email)}`, { role: 'service' });
    expect(found.status).toBe(200);
    expect(found.json.items).toHaveLength(1);
    expect(found.json.items[0]).toMatchObject({ firstName: 'Erika', lastName: 'Mustermann' });
  });

  it("mails an agent reply from the ticket once, threaded to the customer's last mail", async () => {
    const ticket = await findTicket(ticketId);
    const posted = await invoke('POST', `/v1/tickets/${ticketId}/messages`, {
      body: { direction: 'outbound', text: 'Wir tauschen das Gerät aus.' },
      role: 'service',
    });
    expect(posted.status, JSON.stringify(posted.json)).toBe(201);
    await deliverTicketMail(ticketId, ['ticket.message_added']);
    await deliverTicketMail(ticketId, ['ticket.message_added']);
    const replies = (await mailsTo(contact.email)).filter((mail) => mail.body.text?.includes('Gerät aus'));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.subject).toContain(`[${ticket.number}]`);
    const { items } = await listTicketMessages(ticketId, 10, undefined);
    const lastInbound = items.filter((message) => message.direction === 'inbound').at(-1);
    const headers = (replies[0] as unknown as { headers?: { name: string; value: string }[] }).headers ?? [];
    expect(headers).toContainEqual({ name: 'In-Reply-To', value: lastInbound?.emailMessageId });
    // The Message-ID SES gave the reply is recorded, so an answer to it threads back.
    const outbound = items.find((message) => message.direction === 'outbound');
    expect(outbound?.emailMessageId).toBe(sesMessageIdHeader(replies[0]?.messageId as string));
  });
});
