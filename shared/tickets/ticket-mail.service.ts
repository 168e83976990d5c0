import { canSend } from '#shared/consent/can-send.ts';
import { contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { sendOnce } from '#shared/mail/send-once.ts';
import { getItem, queryAll } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { signSurveyToken, surveyTokenSecret } from '#shared/surveys/survey-token.ts';
import { ticketMailItem, ticketMessageFromItem, ticketMessagesQuery } from './ticket.entity.ts';
import type { Ticket, TicketMessage } from './ticket.schema.ts';
import { findTicket, findTicketMessage, recordOutboundMailId } from './ticket.service.ts';
import { sendThreadedMail } from './ticket-mail.sender.ts';
import { renderAcknowledgment, renderAgentReply, renderSurvey } from './ticket-mail.templates.ts';

export type TicketMailOutcome = 'sent' | 'already-sent' | 'skipped';

/** Kinds of sent-markers: one acknowledgment per ticket, one mail per reply, one survey per resolution. */
export const TICKET_MAIL_KINDS = {
  acknowledgment: 'ticket-acknowledgment',
  reply: 'ticket-reply',
  survey: 'ticket-survey',
} as const;

/** The Message-ID claim of an acknowledgment names this instead of a message id. */
export const ACKNOWLEDGMENT_MESSAGE = 'acknowledgment';

/** The acknowledgment's Message-ID was recorded before (a redelivery). */
class AlreadyClaimed extends Error {}

/**
 * Claim, send, keep: the marker is claimed before SES is called so a redelivered event never mails
 * twice; a failed send releases it so the retry can send; `after` records what the mail got.
 */
const sendRecordedOnce = async (
  kind: string,
  subjectId: string,
  send: () => Promise<string>,
  after?: (emailMessageId: string) => Promise<void>,
): Promise<TicketMailOutcome> => {
  const outcome = await sendOnce(kind, subjectId, send);
  if (!outcome.sent) return 'already-sent';
  // The mail is out: a failure from here on must not send it again, so it is logged, not retried.
  await after?.(outcome.value).catch((error: unknown) =>
    logger.error('Sent mail not recorded', { kind, subjectId, error: (error as Error).message }),
  );
  return 'sent';
};

const contactOf = async (ticket: Ticket): Promise<Contact | undefined> => {
  const item = await getItem(contactKey(ticket.contactId));
  return item ? contactFromItem(item) : undefined;
};

/** All messages of a ticket, oldest first. */
const messagesOf = async (ticketId: string): Promise<TicketMessage[]> => {
  // The ticket was read already: the partition's Query alone, no existence check per page.
  const items = await queryAll((cursor) => ticketMessagesQuery(ticketId, 200, cursor));
  return items.map(ticketMessageFromItem);
};

/** The Message-IDs of a ticket's mails (thread references), and the customer's last one. */
const threadOf = async (
  ticketId: string,
): Promise<{ lastInbound: string | undefined; references: string[] }> => {
  const messages = (await messagesOf(ticketId)).filter((message) => message.emailMessageId);
  const lastInbound = messages.filter((message) => message.direction === 'inbound').at(-1)?.emailMessageId;
  return {
    lastInbound: lastInbound ?? undefined,
    references: messages.map((message) => message.emailMessageId as string).slice(-10),
  };
};

/**
 * The acknowledgment of a new email or web ticket, in the ticket's language, once per ticket. Its
 * Message-ID is claimed for the ticket (like a message's), so a reply to it threads back.
 */
export const sendAcknowledgment = async (ticketId: string): Promise<TicketMailOutcome> => {
  const ticket = await findTicket(ticketId);
  const contact = await contactOf(ticket);
  if (!contact?.email) {
    logger.info('Acknowledgment skipped: no contact email', { ticketId });
    return 'skipped';
  }
  const decision = await canSend({ contact, kind: 'transactional' });
  if (!decision.allowed) {
    logger.info('Acknowledgment skipped', { ticketId, reason: decision.reason });
    return 'skipped';
  }
  const { lastInbound } = await threadOf(ticketId);
  return sendRecordedOnce(
    TICKET_MAIL_KINDS.acknowledgment,
    ticketId,
    () =>
      sendThreadedMail({
        to: contact.email,
        inReplyTo: lastInbound,
        ...renderAcknowledgment({
          language: ticket.language,
          recipient: contact,
          number: ticket.number,
          subject: ticket.subject,
        }),
      }),
    async (emailMessageId) => {
      await new UnitOfWork(SYSTEM_ACTOR)
        .create(ticketMailItem(emailMessageId, ticketId, ACKNOWLEDGMENT_MESSAGE), () => new AlreadyClaimed())
        .commit()
        .catch((error: unknown) => {
          if (!(error instanceof AlreadyClaimed)) throw error;
        });
    },
  );
};

/**
 * An agent's outbound reply, mailed from the ticket once per message: subject with the number,
 * In-Reply-To the customer's last mail; the Message-ID SES gave it is recorded on the message.
 */
export const sendAgentReply = async (ticketId: string, messageId: string): Promise<TicketMailOutcome> => {
  const [ticket, message] = await Promise.all([findTicket(ticketId), findTicketMessage(ticketId, messageId)]);
  if (message.direction !== 'outbound') return 'skipped';
  const recipients = message.to?.length ? message.to : [(await contactOf(ticket))?.email].filter(Boolean);
  const to = recipients[0];
  if (!to) {
    logger.info('Reply not mailed: no recipient', { ticketId, messageId });
    return 'skipped';
  }
  const { lastInbound, references } = await threadOf(ticketId);
  return sendRecordedOnce(
    TICKET_MAIL_KINDS.reply,
    messageId,
    () =>
      sendThreadedMail({
        to,
        inReplyTo: lastInbound,
        references,
        ...renderAgentReply({
          language: ticket.language,
          number: ticket.number,
          subject: ticket.subject,
          text: message.text,
          html: message.html,
        }),
      }),
    async (emailMessageId) => {
      const uow = new UnitOfWork(SYSTEM_ACTOR);
      recordOutboundMailId(message, emailMessageId, uow);
      await uow.commit();
    },
  );
};

/** Base URL of the public API in survey links (`PUBLIC_API_URL`; locally the HTTP server's). */
export const publicApiUrl = (source: NodeJS.ProcessEnv = process.env): string =>
  (source.PUBLIC_API_URL?.trim() || 'http://localhost:3000').replace(/\/+$/, '');

/**
 * The CSAT/NPS survey after a resolution (`surveyId`: the `ticket.resolved` event's id, so each
 * resolution is surveyed once), with a signed, expiring, single-use link.
 */
export const sendSurvey = async (ticketId: string, surveyId: string): Promise<TicketMailOutcome> => {
  const ticket = await findTicket(ticketId);
  const contact = await contactOf(ticket);
  if (!contact?.email) return 'skipped';
  // Revoked email consent, hard bounce or complaint: no survey.
  const decision = await canSend({ contact, kind: 'transactional' });
  if (!decision.allowed) {
    logger.info('Survey skipped', { ticketId, reason: decision.reason });
    return 'skipped';
  }
  const token = signSurveyToken(await surveyTokenSecret(), { ticketId, surveyId });
  const { lastInbound } = await threadOf(ticketId);
  return sendRecordedOnce(TICKET_MAIL_KINDS.survey, surveyId, () =>
    sendThreadedMail({
      to: contact.email,
      inReplyTo: lastInbound,
      ...renderSurvey({
        language: ticket.language,
        recipient: contact,
        number: ticket.number,
        link: `${publicApiUrl()}/v1/public/surveys/${token}`,
      }),
    }),
  );
};
