import { createHash } from 'node:crypto';
import { mailFrom } from '#shared/mail/mail-from.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, isAppError } from '#shared/platform/errors.ts';
import type { Actor } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { type Attachment, createTicketBody, type Ticket } from '#shared/tickets/ticket.schema.ts';
import {
  addMessage,
  findTicketByEmailMessageId,
  findTicketByNumber,
  openTicket,
  ticketNumberInSubject,
} from '#shared/tickets/ticket.service.ts';
import type { AttachmentStorage } from './attachment-storage.ts';
import { parseRawMail } from './inbound-mail.parser.ts';
import type { InboundMail, InboundOutcome } from './inbound-mail.schema.ts';

/** Who writes what inbound mail causes (history, events). */
export const INBOUND_MAIL_ACTOR: Actor = { type: 'system', id: 'inbound-mail' };

const MAX_TEXT = 50_000;
const ATTEMPTS = 4;

const truncate = (value: string, max: number): string => (value.length > max ? value.slice(0, max) : value);

/**
 * The ticket a mail answers: a Message-ID it replies to (In-Reply-To, then References from the
 * newest), else a ticket number in the subject (`[T-2026-000042]`). A closed ticket takes no more
 * messages, so a reply to one opens a new ticket.
 */
export const threadOf = async (mail: InboundMail): Promise<Ticket | undefined> => {
  const ids = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...[...mail.references].reverse()];
  for (const id of ids) {
    const ticket = await findTicketByEmailMessageId(id);
    if (ticket) return ticket;
  }
  const number = ticketNumberInSubject(mail.subject);
  return number ? await findTicketByNumber(number) : undefined;
};

/** Our own sender address: mail from it is a loop (an auto-reply bounced back), never a ticket. */
const ownAddress = (): string => (/<([^>]+)>/.exec(mailFrom())?.[1] ?? mailFrom()).trim().toLowerCase();

const storeAttachments = async (mail: InboundMail, storage: AttachmentStorage): Promise<Attachment[]> => {
  // A stable prefix per mail: a redelivery writes the same keys, not a second copy.
  const prefix = createHash('sha256').update(mail.messageId).digest('hex').slice(0, 24);
  const stored: Attachment[] = [];
  for (const file of mail.attachments.slice(0, 20)) stored.push(await storage.put(prefix, file));
  return stored;
};

const write = async (
  mail: InboundMail,
  attachments: Attachment[],
): Promise<Extract<InboundOutcome, { outcome: 'opened' | 'threaded' }>> => {
  const thread = await threadOf(mail);
  const uow = new UnitOfWork(INBOUND_MAIL_ACTOR);
  const text = truncate(mail.text, MAX_TEXT) || '—';
  const headers = {
    from: mail.from.address,
    to: mail.to,
    html: mail.html,
    attachments,
    emailMessageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
  };
  if (thread && thread.status !== 'closed') {
    await addMessage(
      thread.id,
      {
        direction: 'inbound',
        text,
        ...(mail.subject.trim() ? { subject: truncate(mail.subject.trim(), 500) } : {}),
        ...headers,
      },
      uow,
    );
    await uow.commit();
    return { outcome: 'threaded', ticketId: thread.id };
  }
  const parsed = createTicketBody.safeParse({
    subject: truncate(mail.subject.trim(), 500) || '(kein Betreff)',
    description: text,
    channel: 'email',
    email: mail.from.address,
    ...(mail.from.name.trim() ? { name: truncate(mail.from.name.trim(), 200) } : {}),
  });
  if (!parsed.success) throw new AppError('validation-failed', 'The mail cannot become a ticket.');
  const { ticket } = await openTicket({ ...parsed.data, message: headers }, uow);
  await uow.commit();
  return { outcome: 'opened', ticketId: ticket.id };
};

/**
 * One inbound mail, whatever brought it (local SMTP or SES → S3): parsed with postal-mime, its
 * attachments stored (never inlined), then a reply in the ticket it answers, or a new email ticket
 * (contact matched by the sender or created; `ticket-rules` set priority and team). Idempotent by
 * Message-ID: the message's claim is part of its transaction, so the same mail twice changes nothing.
 */
export const receiveInboundMail = async (
  raw: Buffer,
  deps: { storage: AttachmentStorage },
): Promise<InboundOutcome> => {
  let mail: InboundMail;
  try {
    mail = await parseRawMail(raw);
  } catch {
    return { outcome: 'rejected', reason: 'unreadable mail or sender' };
  }
  if (mail.from.address === ownAddress()) return { outcome: 'rejected', reason: 'mail from our own sender' };
  const known = await findTicketByEmailMessageId(mail.messageId);
  if (known) return { outcome: 'duplicate', ticketId: known.id };
  const attachments = await storeAttachments(mail, deps.storage);

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write(mail, attachments);
    } catch (error) {
      if (!isAppError(error)) throw error;
      // The claim on the Message-ID lost: another delivery of the same mail won.
      const winner = await findTicketByEmailMessageId(mail.messageId);
      if (winner) return { outcome: 'duplicate', ticketId: winner.id };
      if (error.status === 409 && attempt < ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.floor(Math.random() * 20)));
        continue;
      }
      if (error.status === 400 || error.status === 422) {
        logger.warn('Inbound mail refused', { reason: error.type });
        return { outcome: 'rejected', reason: error.type };
      }
      throw error;
    }
  }
};
