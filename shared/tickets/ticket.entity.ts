import type { StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import { nextSequence } from '#shared/platform/db/sequence.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import { AppError } from '#shared/platform/errors.ts';
import { newId } from '#shared/platform/ids.ts';
import {
  type ListTicketsQuery,
  priorityRank,
  type Ticket,
  type TicketHistoryEntry,
  type TicketMessage,
  type TicketStatus,
} from './ticket.schema.ts';

/** Key layout of tickets; docs/data-model.md ("Tickets") lists the access patterns. */
export const TICKET_ENTITY = 'ticket';
export const TICKET_MESSAGE_ENTITY = 'ticket-message';
export const TICKET_HISTORY_ENTITY = 'ticket-history';

export const ticketKey = (id: string) => ({ pk: `TICKET#${id}`, sk: 'TICKET' });

/** The claim on a ticket number (`T-2026-000042`): an exact, strongly consistent look-up. */
export const ticketNumberKey = (number: string) => ({ pk: `TICKET_NUMBER#${number}`, sk: 'UNIQUE' });

/** The claim on a mail's Message-ID: replies thread by it, and one mail never makes two messages. */
export const ticketMailKey = (emailMessageId: string) => ({
  pk: `TICKET_MAIL#${emailMessageId.trim().toLowerCase()}`,
  sk: 'UNIQUE',
});

/** Open tickets (new, open, pending) an agent holds, checked against the agent's capacity. */
export const agentLoadKey = (agentId: string) => ({ pk: `AGENT_LOAD#${agentId}`, sk: 'TICKETS' });

const counterKey = (year: number) => ({ pk: `COUNTER#TICKET#${year}`, sk: 'COUNTER' });

/** Queue groups sort work first: new and open, then pending (waiting for the customer), then done. */
const STATUS_GROUP: Record<TicketStatus, string> = {
  new: '1_OPEN',
  open: '1_OPEN',
  pending: '2_PENDING',
  resolved: '3_RESOLVED',
  closed: '4_CLOSED',
};

/** The due time that matters now: first response until answered, then resolution; none sorts last. */
const dueOf = (ticket: Ticket): string =>
  (!ticket.firstRespondedAt ? ticket.firstResponseDueAt : undefined) ?? ticket.resolutionDueAt ?? '~';

/** `<status group>#<priority rank>#<due time>#<id>`: a queue read is by priority, then due time. */
const queueSort = (ticket: Ticket): string =>
  `${STATUS_GROUP[ticket.status]}#${priorityRank(ticket.priority)}#${dueOf(ticket)}#${ticket.id}`;

export const ticketItem = (ticket: Ticket): StoredItem => {
  const sk = `TICKET#${ticket.id}`;
  return {
    ...ticketKey(ticket.id),
    entity: TICKET_ENTITY,
    // The contact's collection: the 360° view shows tickets next to the contact.
    gsi1pk: `CONTACT#${ticket.contactId}`,
    gsi1sk: sk,
    // The assignee's tickets ("my open tickets": by status group, priority and due time).
    ...sparseKey(
      'gsi2pk',
      'gsi2sk',
      ticket.assigneeId ? `OWNER#${ticket.assigneeId}` : undefined,
      `TICKET#${queueSort(ticket)}`,
    ),
    ...sparseKey('gsi3pk', 'gsi3sk', ticket.accountId ? `ACCOUNT#${ticket.accountId}` : undefined, sk),
    // The team queue.
    gsi4pk: `TICKET_QUEUE#${ticket.team}`,
    gsi4sk: queueSort(ticket),
    ...ticket,
  };
};

export const ticketFromItem = (item: Record<string, unknown>): Ticket =>
  withoutStorageAttributes<Ticket>(item);

export const ticketNumberItem = (ticket: Pick<Ticket, 'id' | 'number'>): StoredItem => ({
  ...ticketNumberKey(ticket.number),
  entity: 'ticket-number',
  ticketId: ticket.id,
});

export const ticketMailItem = (emailMessageId: string, ticketId: string, messageId: string): StoredItem => ({
  ...ticketMailKey(emailMessageId),
  entity: 'ticket-mail',
  ticketId,
  messageId,
});

export const ticketMessageKey = (ticketId: string, messageId: string) => ({
  pk: `TICKET#${ticketId}`,
  sk: `MESSAGE#${messageId}`,
});

export const ticketMessageItem = (message: Omit<TicketMessage, 'id'>, id: string = newId()): StoredItem => {
  return {
    pk: `TICKET#${message.ticketId}`,
    sk: `MESSAGE#${id}`,
    entity: TICKET_MESSAGE_ENTITY,
    id,
    ...message,
  };
};

export const ticketMessageFromItem = (item: Record<string, unknown>): TicketMessage =>
  withoutStorageAttributes<TicketMessage>(item);

export const ticketHistoryItem = (entry: Omit<TicketHistoryEntry, 'id'>): StoredItem => {
  const id = newId();
  return { pk: `TICKET#${entry.ticketId}`, sk: `HISTORY#${id}`, entity: TICKET_HISTORY_ENTITY, id, ...entry };
};

export const ticketHistoryFromItem = (item: Record<string, unknown>): TicketHistoryEntry =>
  withoutStorageAttributes<TicketHistoryEntry>(item);

/** Messages of a ticket, oldest first. */
export const ticketMessagesQuery = (
  ticketId: string,
  limit: number,
  cursor: string | undefined,
): QuerySpec => ({
  pk: `TICKET#${ticketId}`,
  skPrefix: 'MESSAGE#',
  limit,
  cursor,
});

/** The history of a ticket, oldest first. */
export const ticketHistoryQuery = (
  ticketId: string,
  limit: number,
  cursor: string | undefined,
): QuerySpec => ({
  pk: `TICKET#${ticketId}`,
  skPrefix: 'HISTORY#',
  limit,
  cursor,
});

/** Picks the index for a ticket list; the most selective filter wins, the rest filter the same Query. */
export const ticketListQuery = (query: ListTicketsQuery & { mineOf?: string }): QuerySpec => {
  const page = { limit: query.limit, cursor: query.cursor };
  const rest = {
    status: query.status,
    team: query.team,
    assigneeId: query.assigneeId,
    contactId: query.contactId,
    accountId: query.accountId,
  };
  const groupPrefix = query.status ? `${STATUS_GROUP[query.status]}#` : '';
  if (query.mineOf) {
    // Open tickets of the caller: groups 1_OPEN and 2_PENDING, by priority and due time.
    return {
      index: 'gsi2',
      pk: `OWNER#${query.mineOf}`,
      ...(query.status
        ? { skPrefix: `TICKET#${groupPrefix}` }
        : { skBetween: ['TICKET#1_', 'TICKET#2_~'] as const }),
      ...page,
      filter: { ...rest, assigneeId: undefined },
    };
  }
  if (query.contactId) {
    return {
      index: 'gsi1',
      pk: `CONTACT#${query.contactId}`,
      skPrefix: 'TICKET#',
      ...page,
      descending: true,
      filter: { ...rest, contactId: undefined },
    };
  }
  if (query.team) {
    return {
      index: 'gsi4',
      pk: `TICKET_QUEUE#${query.team}`,
      ...(groupPrefix ? { skPrefix: groupPrefix } : {}),
      ...page,
      filter: { ...rest, team: undefined },
    };
  }
  if (query.assigneeId) {
    return {
      index: 'gsi2',
      pk: `OWNER#${query.assigneeId}`,
      skPrefix: `TICKET#${groupPrefix}`,
      ...page,
      filter: { ...rest, assigneeId: undefined },
    };
  }
  if (query.accountId) {
    return {
      index: 'gsi3',
      pk: `ACCOUNT#${query.accountId}`,
      skPrefix: 'TICKET#',
      ...page,
      descending: true,
      filter: { ...rest, accountId: undefined },
    };
  }
  // Tickets are listed by contact, team, assignee or account; the service refuses an unfiltered list.
  throw new AppError('bad-request', 'Filter tickets by contactId, team, assigneeId, accountId or mine=true.');
};

/** The next ticket number's sequence within a year (one counter per year). */
export const nextTicketSequence = (year: number): Promise<number> => nextSequence(counterKey(year));

export const formatTicketNumber = (year: number, sequence: number): string =>
  `T-${year}-${String(sequence).padStart(6, '0')}`;
