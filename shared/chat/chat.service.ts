import { randomBytes } from 'node:crypto';
import { contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import { searchArticles } from '#shared/kb/kb-search.service.ts';
import { orderFromItem, orderKey } from '#shared/orders/order.entity.ts';
import type { Order } from '#shared/orders/order.schema.ts';
import { epochSeconds, nowIso } from '#shared/platform/clock.ts';
import { staleVersion } from '#shared/platform/db/record.ts';
import { getItem } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import { ULID_PATTERN } from '#shared/platform/ids.ts';
import { logger } from '#shared/platform/logger.ts';
import { addMessage, openTicket } from '#shared/tickets/ticket.service.ts';
import { conversationFromItem, conversationItem, conversationKey } from './chat.entity.ts';
import {
  type ChatLanguage,
  type ChatLink,
  type ChatRequest,
  type ChatResponse,
  type Conversation,
  MAX_TRANSCRIPT_ENTRIES,
} from './chat.schema.ts';
import { detectIntent, detectLanguage, emailIn, orderNumberIn } from './chat-intents.ts';
import { replies } from './chat-replies.ts';

/** Failed turns in a row after which the bot hands over by itself. */
const HANDOVER_AFTER_FAILED_TURNS = 2;
/** Order checks that found nothing after which the bot stops checking (guessing numbers is pointless). */
const MAX_FAILED_ORDER_CHECKS = 3;
/**
 * A knowledge base hit below this BM25 score is no answer. Scores grow with the corpus (idf), so
 * the bar is low: it drops hits on a single very common word, not real matches in a small base.
 */
const MIN_ARTICLE_SCORE = 0.2;
/** An id no order or contact has: misses read as many items as hits (no timing difference). */
const NO_ID = '00000000000000000000000000';

type Turn = { reply: string; links?: ChatLink[] };

const newConversation = (language: ChatLanguage): Conversation => {
  const now = nowIso();
  return {
    id: randomBytes(16).toString('base64url'),
    createdAt: now,
    updatedAt: now,
    version: 0,
    language,
    state: 'open',
    failedTurns: 0,
    failedOrderChecks: 0,
    pendingOrderNumber: null,
    email: null,
    ticketId: null,
    ticketNumber: null,
    transcript: [],
  };
};

/** The stored conversation, or a new one when the id is unknown or expired (TTL deletes lazily). */
const loadConversation = async (id: string | undefined, language: ChatLanguage): Promise<Conversation> => {
  const item = id ? await getItem(conversationKey(id)) : undefined;
  if (!item || Number(item.expiresAt ?? 0) <= epochSeconds()) return newConversation(language);
  return conversationFromItem(item);
};

/**
 * The order, only if it exists and belongs to a contact with this email. Every miss (malformed
 * number, unknown order, order without contact, other email) reads two items like a hit does and
 * answers undefined: the caller cannot tell them apart.
 */
export const verifiedOrder = async (number: string, email: string): Promise<Order | undefined> => {
  const id = ULID_PATTERN.test(number) ? number : NO_ID;
  const orderItem = await getItem(orderKey(id));
  const order = orderItem ? orderFromItem(orderItem) : undefined;
  const contactItem = await getItem(contactKey(order?.contactId ?? NO_ID));
  if (!order || !contactItem) return undefined;
  return contactFromItem(contactItem).email === email ? order : undefined;
};

const transcriptText = (conversation: Conversation): string =>
  conversation.transcript
    .map(
      (entry) =>
        `[${entry.at.slice(11, 16)}] ${entry.from === 'customer' ? 'Customer' : 'Bot'}: ${entry.text}`,
    )
    .join('\n');

const handOver = async (conversation: Conversation, uow: UnitOfWork): Promise<Turn> => {
  const language = conversation.language;
  if (!conversation.email) {
    conversation.state = 'awaiting_handover_email';
    return { reply: replies.askHandoverEmail[language] };
  }
  const first = conversation.transcript.find((entry) => entry.from === 'customer')?.text ?? '';
  const { ticket } = await openTicket(
    {
      subject: `Chat: ${first.length > 80 ? `${first.slice(0, 80)}…` : first}`,
      description: transcriptText(conversation),
      channel: 'chat',
      email: conversation.email,
      tags: ['chatbot'],
    },
    uow,
  );
  conversation.state = 'handed_over';
  conversation.ticketId = ticket.id;
  conversation.ticketNumber = ticket.number;
  logger.info('Chat handed over', { conversationId: conversation.id, ticketId: ticket.id });
  return { reply: replies.handedOver(ticket.number, language) };
};

const orderTurn = async (conversation: Conversation, message: string, asked: boolean): Promise<Turn> => {
  const language = conversation.language;
  if (conversation.failedOrderChecks >= MAX_FAILED_ORDER_CHECKS) {
    conversation.state = 'open';
    return { reply: replies.orderChecksExhausted[language] };
  }
  const number = orderNumberIn(message, asked) ?? conversation.pendingOrderNumber;
  if (!number) {
    conversation.state = 'awaiting_order_number';
    return { reply: replies.askOrderNumber[language] };
  }
  if (!conversation.email) {
    conversation.pendingOrderNumber = number;
    conversation.state = 'awaiting_email';
    return { reply: replies.askEmail[language] };
  }
  conversation.pendingOrderNumber = null;
  conversation.state = 'open';
  const order = await verifiedOrder(number, conversation.email);
  if (!order) {
    conversation.failedOrderChecks += 1;
    return { reply: replies.orderNotFound[language] };
  }
  conversation.failedTurns = 0;
  return { reply: replies.orderStatus(order, language) };
};

const questionTurn = async (conversation: Conversation, message: string, uow: UnitOfWork): Promise<Turn> => {
  const language = conversation.language;
  const hits = await searchArticles(message, { language, limit: 3 });
  const best = hits[0];
  if (best && best.score >= MIN_ARTICLE_SCORE) {
    conversation.failedTurns = 0;
    return {
      reply: replies.article(best.title, language),
      links: hits.filter((hit) => hit.score >= MIN_ARTICLE_SCORE).map(({ title, url }) => ({ title, url })),
    };
  }
  conversation.failedTurns += 1;
  if (conversation.failedTurns >= HANDOVER_AFTER_FAILED_TURNS) return handOver(conversation, uow);
  return { reply: replies.notUnderstood[language] };
};

const decide = async (conversation: Conversation, message: string, uow: UnitOfWork): Promise<Turn> => {
  const language = conversation.language;
  if (conversation.state === 'handed_over' && conversation.ticketId && conversation.ticketNumber) {
    await addMessage(conversation.ticketId, { direction: 'inbound', text: message }, uow);
    return { reply: replies.addedToTicket(conversation.ticketNumber, language) };
  }
  if (conversation.state === 'awaiting_handover_email') return handOver(conversation, uow);
  const intent = detectIntent(message);
  if (intent === 'human') return handOver(conversation, uow);
  const awaiting = conversation.state === 'awaiting_order_number' || conversation.state === 'awaiting_email';
  if (intent === 'order_status' || awaiting || orderNumberIn(message, false)) {
    return orderTurn(conversation, message, conversation.state === 'awaiting_order_number');
  }
  if (intent === 'greeting') return { reply: replies.greeting[language] };
  if (intent === 'thanks') return { reply: replies.thanks[language] };
  return questionTurn(conversation, message, uow);
};

/**
 * One turn of the public chat (`POST /v1/public/chat`): reads the conversation, understands the
 * message, answers and stores the conversation with both lines of the transcript, in one
 * transaction with whatever the turn changes (a ticket opened, a message added).
 */
export const chat = async (request: ChatRequest, uow: UnitOfWork): Promise<ChatResponse> => {
  const detected = detectLanguage(request.message);
  const conversation = await loadConversation(request.conversationId, detected ?? 'de');
  if (conversation.transcript.length + 2 > MAX_TRANSCRIPT_ENTRIES) {
    throw new AppError('unprocessable', 'This conversation is full; start a new one without conversationId.');
  }
  const previousVersion = conversation.version;
  if (detected) conversation.language = detected;
  const email = request.email ?? emailIn(request.message);
  if (email) conversation.email = email;

  const at = nowIso();
  conversation.transcript.push({ from: 'customer', text: request.message, at });
  const turn = await decide(conversation, request.message, uow);
  conversation.transcript.push({ from: 'bot', text: turn.reply, at });
  const next: Conversation = { ...conversation, updatedAt: at, version: previousVersion + 1 };

  const item = conversationItem(next);
  if (previousVersion === 0) uow.create(item, () => conflict('Conversation id collision; retry.'));
  else uow.replace(item, previousVersion, staleVersion('conversation', previousVersion));

  return {
    conversationId: next.id,
    reply: turn.reply,
    ...(turn.links && turn.links.length > 0 ? { links: turn.links } : {}),
    state: next.state,
    ...(next.ticketId ? { ticketId: next.ticketId } : {}),
    ...(next.ticketNumber ? { ticketNumber: next.ticketNumber } : {}),
  };
};
