import { contactEmailKey, contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { createContact } from '#shared/contacts/contact.service.ts';
import { clock } from '#shared/platform/clock.ts';
import { newRecordMeta, nextRecordMeta, planUpdate } from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict, notFound } from '#shared/platform/errors.ts';
import { newId } from '#shared/platform/ids.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { type SlaPolicies, slaPoliciesSetting } from '#shared/sla/sla.settings.ts';
import { moveTicketSlot, planTicketAssignment, type TicketAssignmentOutcome } from './ticket.assignment.ts';
import {
  formatTicketNumber,
  nextTicketSequence,
  ticketFromItem,
  ticketHistoryFromItem,
  ticketHistoryItem,
  ticketHistoryQuery,
  ticketItem,
  ticketKey,
  ticketListQuery,
  ticketMailItem,
  ticketMailKey,
  ticketMessageFromItem,
  ticketMessageItem,
  ticketMessageKey,
  ticketMessagesQuery,
  ticketNumberItem,
  ticketNumberKey,
} from './ticket.entity.ts';
import {
  ticketAssigned,
  ticketClosed,
  ticketMessageAdded,
  ticketOpened,
  ticketReopened,
  ticketResolved,
  ticketUpdated,
} from './ticket.events.ts';
import { classifyTicket } from './ticket.rules.ts';
import {
  type AddMessageInput,
  type ListTicketsQuery,
  OPEN_TICKET_STATUSES,
  type OpenTicketInput,
  type SurveyAnswer,
  surveyAnswerSchema,
  type Ticket,
  type TicketHistoryEntry,
  type TicketMessage,
  type TicketStatus,
  type UpdateTicketInput,
} from './ticket.schema.ts';
import { type CustomerValue, ticketAssignmentSetting, ticketRulesSetting } from './ticket.settings.ts';
import { dueTimesAfterPause, slaForNewTicket, slaForReclassification } from './ticket-sla.ts';

// ---------------------------------------------------------------------------------------------
// Races. Ticket changes are versioned; assignment reads agents' loads and writes them conditionally.
// A lost race is a 409 with Retry-After, and the HTTP operations run again (`TICKET_ATTEMPTS`).

const RETRY_AFTER = { headers: { 'retry-after': '1' } };
const race = (what: string) => () =>
  new AppError('conflict', `${what} changed at the same moment; retry.`, RETRY_AFTER);

/** Seconds between two ISO instants (never negative). */
const secondsBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

// ---------------------------------------------------------------------------------------------
// History: every change of a tracked field is an item in the ticket's partition, same transaction.

/** Bookkeeping that changes with every write and is not history. */
const UNTRACKED = new Set(['updatedAt', 'version', 'messageCount', 'outboundCount', 'matchedRules']);

const recordHistory = (uow: UnitOfWork, before: Ticket | undefined, after: Ticket, at: string): void => {
  const fields = Object.keys(after).filter((field) => !UNTRACKED.has(field));
  for (const field of fields) {
    const from = before ? (before as Record<string, unknown>)[field] : undefined;
    const to = (after as Record<string, unknown>)[field];
    if (JSON.stringify(from ?? null) === JSON.stringify(to ?? null)) continue;
    if (!before && (to === null || to === undefined || (Array.isArray(to) && to.length === 0))) continue;
    if (!before && ['id', 'createdAt', 'pausedSeconds', 'reopenCount', 'breached'].includes(field)) continue;
    uow.create(
      ticketHistoryItem({
        ticketId: after.id,
        field,
        from: from ?? null,
        to: to ?? null,
        actor: uow.actor.id,
        at,
      }),
      () => conflict('History collision; retry.'),
    );
  }
};

/** Writes the next version of a ticket with its history and its assignee's load. */
const saveTicket = (uow: UnitOfWork, current: Ticket, next: Ticket): Ticket => {
  // `If-Match` was checked against the version read; losing the write now means a concurrent
  // change won the race, which a fresh attempt (on fresh reads) settles.
  uow.replace(ticketItem(next), current.version, race('The ticket'), 10);
  recordHistory(uow, current, next, next.updatedAt);
  moveTicketSlot(uow, current, next);
  return next;
};

const classificationOf = (ticket: Ticket) => ({
  channel: ticket.channel,
  category: ticket.category,
  priority: ticket.priority,
  team: ticket.team,
});

/**
 * A status change with its time keeping: entering `pending` pauses the SLA clock (slaPausedAt),
 * leaving it adds the paused time to `pausedSeconds`; time spent resolved counts as paused too
 * (so handling time and resolution SLA only count time the ticket was being worked on).
 */
const withStatus = (ticket: Ticket, status: TicketStatus, at: string, policies: SlaPolicies): Ticket => {
  if (ticket.status === status) return ticket;
  let pausedSeconds = ticket.pausedSeconds;
  let slaPausedAt = ticket.slaPausedAt ?? null;
  let dueTimes = {};
  if (ticket.status === 'pending' && slaPausedAt) {
    // Open SLA targets move by the paused time (in business seconds for business-hour targets).
    dueTimes = dueTimesAfterPause(ticket, policies, new Date(at));
    pausedSeconds += secondsBetween(slaPausedAt, at);
    slaPausedAt = null;
  }
  if (ticket.status === 'resolved' && ticket.resolvedAt && status !== 'closed') {
    pausedSeconds += secondsBetween(ticket.resolvedAt, at);
  }
  if (status === 'pending') slaPausedAt = at;
  return { ...ticket, ...dueTimes, status, pausedSeconds, slaPausedAt };
};

// ---------------------------------------------------------------------------------------------
// Contacts: matched by email (its uniqueness claim, read consistently) or created.

const customerValueOf = (contact: Contact): CustomerValue =>
  contact.lifecycleStage === 'customer' ? 'customer' : 'prospect';

const splitName = (name: string | undefined, email: string): { firstName: string; lastName: string } => {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length >= 2) return { firstName: parts.slice(0, -1).join(' '), lastName: parts.at(-1) as string };
  return { firstName: parts[0] ?? email.split('@')[0] ?? email, lastName: '–' };
};

const resolveContact = async (
  input: Pick<OpenTicketInput, 'contactId' | 'email' | 'name'>,
  uow: UnitOfWork,
): Promise<{ contact: Contact; created: boolean }> => {
  if (input.contactId) {
    const item = await getItem(contactKey(input.contactId));
    if (!item) throw new AppError('unprocessable', `Contact ${input.contactId} does not exist.`);
    uow.requireExists(contactKey(input.contactId), () => notFound('Contact', input.contactId as string));
    return { contact: contactFromItem(item), created: false };
  }
  const email = input.email;
  if (!email) throw new AppError('unprocessable', 'Name the contact: contactId, or email.');
  const claim = await getItem(contactEmailKey(email));
  const item = typeof claim?.contactId === 'string' ? await getItem(contactKey(claim.contactId)) : undefined;
  if (item) return { contact: contactFromItem(item), created: false };
  if (claim) throw race('The contact with this email')();
  const contact = await createContact(
    {
      ...splitName(input.name, email),
      email,
      lifecycleStage: 'lead',
      language: 'de',
      interests: [],
    },
    uow,
  );
  return { contact, created: true };
};

// ---------------------------------------------------------------------------------------------
// Opening.

const emitAssignment = (
  uow: UnitOfWork,
  ticket: Ticket,
  result: TicketAssignmentOutcome | { outcome: 'manual'; assigneeId: string },
  previousAssigneeId: string | null,
): void => {
  uow.emit(ticketAssigned, ticket.id, {
    ...classificationOf(ticket),
    assigneeId: result.assigneeId,
    previousAssigneeId,
    outcome: result.outcome,
  });
};

/** The claim of a mail's Message-ID in the message's transaction: one mail never makes two messages. */
const claimMailId = (uow: UnitOfWork, emailMessageId: string, ticketId: string, messageId: string): void => {
  const taken = (current: Record<string, unknown> | undefined) =>
    conflict(
      `The mail ${emailMessageId} is already recorded${current?.ticketId ? ` on ticket ${current.ticketId}` : ''}.`,
    );
  uow.create(ticketMailItem(emailMessageId, ticketId, messageId), taken, 5);
};

/**
 * Opens a ticket from any channel (API, mail, chat, phone): matches the contact by email or creates
 * it, classifies by `ticket-rules` (explicit fields win), draws the number `T-<year>-<seq>`, records
 * the description as the first message (inbound, with mail headers and attachments when given),
 * writes the history of the initial values and auto-assigns within the team (`ticket-assignment`).
 */
export const openTicket = async (
  input: OpenTicketInput,
  uow: UnitOfWork,
): Promise<{ ticket: Ticket; contactCreated: boolean; firstMessage: TicketMessage }> => {
  const { contact, created } = await resolveContact(input, uow);
  const [rules, assignment, sla] = await Promise.all([
    readSetting(ticketRulesSetting),
    readSetting(ticketAssignmentSetting),
    readSetting(slaPoliciesSetting),
  ]);
  const classified = classifyTicket(
    {
      subject: input.subject,
      body: input.description,
      channel: input.channel,
      customerValue: (input.customerValue as CustomerValue | undefined) ?? customerValueOf(contact),
    },
    rules,
  );
  const meta = newRecordMeta();
  const year = clock.now().getUTCFullYear();
  const number = formatTicketNumber(year, await nextTicketSequence(year));
  let ticket: Ticket = {
    ...meta,
    number,
    subject: input.subject,
    description: input.description,
    channel: input.channel,
    contactId: contact.id,
    accountId: contact.accountId ?? null,
    language: contact.language,
    priority: input.priority ?? classified.priority,
    category: input.category ?? classified.category,
    team: input.team ?? classified.team,
    status: 'new',
    assigneeId: input.assigneeId ?? null,
    tags: input.tags,
    skills: classified.skills,
    matchedRules: classified.matchedRules,
    slaPolicy: null,
    firstResponseDueAt: null,
    resolutionDueAt: null,
    slaPausedAt: null,
    pausedSeconds: 0,
    breached: {},
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    assignedAt: input.assigneeId ? meta.createdAt : null,
    reopenCount: 0,
    messageCount: 1,
    outboundCount: 0,
    firstResponseSeconds: null,
    handlingSeconds: null,
    firstContactResolution: null,
    csat: null,
    nps: null,
  };
  // Due times from `sla-policies` by priority and category (the SLA engine schedules the breach checks).
  ticket = { ...ticket, ...slaForNewTicket(ticket, sla, new Date(meta.createdAt)) };
  if (ticket.assigneeId) {
    moveTicketSlot(uow, undefined, ticket);
    emitAssignment(uow, ticket, { outcome: 'manual', assigneeId: ticket.assigneeId }, null);
  } else {
    const result = await planTicketAssignment(uow, ticket, assignment);
    if (result.assigneeId) ticket = { ...ticket, assigneeId: result.assigneeId, assignedAt: meta.createdAt };
    emitAssignment(uow, ticket, result, null);
  }
  uow.create(ticketItem(ticket), () => conflict('Id collision; retry.'));
  uow.create(ticketNumberItem(ticket), () => conflict(`Ticket number ${number} is taken; retry.`));
  recordHistory(uow, undefined, ticket, meta.createdAt);
  const message = input.message ?? {};
  const firstItem = ticketMessageItem({
    ticketId: ticket.id,
    direction: 'inbound',
    from: message.from ?? contact.email,
    to: message.to ?? [],
    subject: input.subject,
    text: input.description,
    html: message.html ?? null,
    attachments: message.attachments ?? [],
    emailMessageId: message.emailMessageId ?? null,
    inReplyTo: message.inReplyTo ?? null,
    authorId: 'customer',
    createdAt: meta.createdAt,
  });
  uow.create(firstItem, () => conflict('Message collision; retry.'));
  if (message.emailMessageId) claimMailId(uow, message.emailMessageId, ticket.id, String(firstItem.id));
  uow.emit(ticketOpened, ticket.id, {
    ...classificationOf(ticket),
    status: ticket.status,
    contactId: ticket.contactId,
    accountId: ticket.accountId ?? null,
    assigneeId: ticket.assigneeId ?? null,
    language: ticket.language,
    rules: ticket.matchedRules,
    contactCreated: created,
  });
  return { ticket, contactCreated: created, firstMessage: ticketMessageFromItem(firstItem) };
};

// ---------------------------------------------------------------------------------------------
// Reading.

export const findTicket = (id: string): Promise<Ticket> =>
  findRecord(ticketKey(id), ticketFromItem, 'Ticket', id);

/** The ticket a claim item (number, Message-ID) points at, or undefined. */
const ticketOfClaim = async (claimKey: { pk: string; sk: string }): Promise<Ticket | undefined> => {
  const claim = await getItem(claimKey);
  if (typeof claim?.ticketId !== 'string') return undefined;
  const item = await getItem(ticketKey(claim.ticketId));
  return item ? ticketFromItem(item) : undefined;
};

/** The ticket with this number (`T-2026-000042`, case-insensitive), or undefined. */
export const findTicketByNumber = (number: string): Promise<Ticket | undefined> =>
  ticketOfClaim(ticketNumberKey(number.trim().toUpperCase()));

/** The ticket a mail (inbound or sent) with this Message-ID belongs to, or undefined: for threading `In-Reply-To`. */
export const findTicketByEmailMessageId = (emailMessageId: string): Promise<Ticket | undefined> =>
  ticketOfClaim(ticketMailKey(emailMessageId));

/** `T-2026-000042` as it appears in mail subjects: `[T-2026-000042]`. */
export const TICKET_REFERENCE_PATTERN = /\bT-\d{4}-\d{6,}\b/i;

/** The ticket number referenced in a mail subject, if any. */
export const ticketNumberInSubject = (subject: string): string | undefined =>
  TICKET_REFERENCE_PATTERN.exec(subject)?.[0]?.toUpperCase();

/** The subject of mails about a ticket: `[T-2026-000042] <subject>`. */
export const ticketMailSubject = (ticket: Pick<Ticket, 'number' | 'subject'>): string =>
  `[${ticket.number}] ${ticket.subject}`;

export const findTicketMessage = (ticketId: string, messageId: string): Promise<TicketMessage> =>
  findRecord(ticketMessageKey(ticketId, messageId), ticketMessageFromItem, 'Message', messageId);

// ---------------------------------------------------------------------------------------------
// Messages.

/**
 * Adds a message in one transaction with the ticket's changes: an outbound reply opens a new ticket
 * and the first one sets `firstRespondedAt` and `firstResponseSeconds`; an inbound message on a
 * pending ticket resumes it (open) and on a resolved one reopens it. Outbound replies get a
 * Message-ID (claimed, so replies to it thread back) and `ticket.message_added` with `deliver: true`,
 * which the mail sender acts on. A closed ticket takes no messages.
 */
export const addMessage = async (
  ticketId: string,
  input: AddMessageInput,
  uow: UnitOfWork,
): Promise<{ ticket: Ticket; message: TicketMessage }> => {
  const current = await findTicket(ticketId);
  if (current.status === 'closed') {
    throw new AppError('unprocessable', `Ticket ${current.number} is closed; open a new ticket.`);
  }
  const sla = await readSetting(slaPoliciesSetting);
  const meta = nextRecordMeta(current);
  const at = meta.updatedAt;
  let next: Ticket = { ...current, ...meta, messageCount: current.messageCount + 1 };
  let firstResponse = false;
  let reopened = false;
  if (input.direction === 'outbound') {
    next = { ...next, outboundCount: current.outboundCount + 1 };
    if (!current.firstRespondedAt) {
      firstResponse = true;
      next = {
        ...next,
        firstRespondedAt: at,
        firstResponseSeconds: secondsBetween(current.createdAt, at),
      };
    }
    if (current.status === 'new') next = withStatus(next, 'open', at, sla);
  } else if (input.direction === 'inbound') {
    if (current.status === 'pending') next = withStatus(next, 'open', at, sla);
    if (current.status === 'resolved') {
      reopened = true;
      next = reopenFields(withStatus(next, 'open', at, sla));
    }
  }
  const messageId = newId();
  const emailMessageId =
    input.emailMessageId ??
    (input.direction === 'outbound' ? `<${messageId}.${ticketId}@frontoffice>` : null);
  let to = input.to;
  if (input.direction === 'outbound' && !to?.length) {
    const contact = await getItem(contactKey(current.contactId));
    to = contact ? [String(contact.email)] : [];
  }
  const message: TicketMessage = {
    id: messageId,
    ticketId,
    direction: input.direction,
    from: input.from ?? (input.direction === 'inbound' ? null : uow.actor.id),
    to: to ?? [],
    subject: input.subject ?? (input.direction === 'outbound' ? ticketMailSubject(current) : null),
    text: input.text,
    html: input.html ?? null,
    attachments: input.attachments ?? [],
    emailMessageId,
    inReplyTo: input.inReplyTo ?? null,
    authorId: input.direction === 'inbound' ? 'customer' : uow.actor.id,
    createdAt: at,
  };
  const { id: _id, ...rest } = message;
  uow.create(ticketMessageItem(rest, messageId), () => conflict('Message collision; retry.'));
  if (emailMessageId) claimMailId(uow, emailMessageId, ticketId, messageId);
  saveTicket(uow, current, next);
  uow.emit(ticketMessageAdded, ticketId, {
    ...classificationOf(next),
    messageId,
    direction: input.direction,
    firstResponse,
    attachmentCount: message.attachments.length,
    deliver: input.direction === 'outbound' && !input.emailMessageId,
  });
  if (reopened) emitReopened(uow, current, next);
  else emitStatusChange(uow, current, next);
  return { ticket: next, message };
};

/**
 * For the mail sender: records the Message-ID a sent reply really got (when the mail service assigns
 * its own), so replies to it thread back into the ticket.
 */
export const recordOutboundMailId = (
  message: TicketMessage,
  emailMessageId: string,
  uow: UnitOfWork,
): void => {
  if (message.emailMessageId === emailMessageId) return;
  const { ticketId, id: messageId } = message;
  uow.update(
    ticketMessageKey(ticketId, messageId),
    {
      UpdateExpression: 'SET emailMessageId = :id',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':id': emailMessageId },
    },
    () => notFound('Message', messageId),
  );
  claimMailId(uow, emailMessageId, ticketId, messageId);
};

export const listTicketMessages = async (ticketId: string, limit: number, cursor: string | undefined) => {
  await findTicket(ticketId);
  const page = await queryPage(ticketMessagesQuery(ticketId, limit, cursor));
  return { items: page.items.map(ticketMessageFromItem), nextCursor: page.nextCursor };
};

export const ticketHistory = async (
  ticketId: string,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: TicketHistoryEntry[]; nextCursor: string | null }> => {
  await findTicket(ticketId);
  const page = await queryPage(ticketHistoryQuery(ticketId, limit, cursor));
  return { items: page.items.map(ticketHistoryFromItem), nextCursor: page.nextCursor };
};

// ---------------------------------------------------------------------------------------------
// Lifecycle helpers shared by the operations below.

const reopenFields = (ticket: Ticket): Ticket => ({
  ...ticket,
  reopenCount: ticket.reopenCount + 1,
  resolvedAt: null,
  firstContactResolution: false,
});

const emitReopened = (uow: UnitOfWork, before: Ticket, after: Ticket): void => {
  uow.emit(ticketReopened, after.id, {
    ...classificationOf(after),
    reopenCount: after.reopenCount,
    previousStatus: before.status,
    assigneeId: after.assigneeId ?? null,
  });
};

const emitStatusChange = (uow: UnitOfWork, before: Ticket, after: Ticket): void => {
  if (before.status === after.status) return;
  uow.emit(ticketUpdated, after.id, {
    ...classificationOf(after),
    changed: ['status'],
    status: after.status,
    previousStatus: before.status,
    assigneeId: after.assigneeId ?? null,
  });
};

// ---------------------------------------------------------------------------------------------
// Lists and changes.

export const listTickets = async (
  query: ListTicketsQuery,
  callerId: string,
): Promise<{ items: Ticket[]; nextCursor: string | null }> => {
  const page = await queryPage(ticketListQuery({ ...query, ...(query.mine ? { mineOf: callerId } : {}) }));
  return { items: page.items.map(ticketFromItem), nextCursor: page.nextCursor };
};

const requireWorkable = (ticket: Ticket, action: string): void => {
  if (!OPEN_TICKET_STATUSES.includes(ticket.status)) {
    throw new AppError('unprocessable', `A ${ticket.status} ticket cannot be ${action}; reopen it first.`);
  }
};

/** Changes subject, priority, category, team, tags or status (new, open, pending); honours If-Match. */
export const updateTicket = async (
  id: string,
  patch: UpdateTicketInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Ticket> => {
  const current = await findTicket(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  requireWorkable(current, 'changed');
  const sla = await readSetting(slaPoliciesSetting);
  let next = patch.status
    ? withStatus({ ...plan.next, status: current.status }, patch.status, plan.next.updatedAt, sla)
    : plan.next;
  if (next.priority !== current.priority || next.category !== current.category) {
    // A new priority or category means another SLA policy: due times recomputed, paused time kept.
    next = { ...next, ...slaForReclassification(current, next, sla) };
  }
  saveTicket(uow, current, next);
  uow.emit(ticketUpdated, id, {
    ...classificationOf(next),
    changed: plan.changed,
    status: next.status,
    previousStatus: current.status,
    assigneeId: next.assigneeId ?? null,
  });
  return next;
};

/**
 * Assigns a ticket: to the named agent (optionally moving it to another team first), or by the
 * `ticket-assignment` settings (least-loaded agent of the team with the skills and room).
 */
export const assignTicket = async (
  id: string,
  input: { assigneeId?: string | undefined; team?: string | undefined },
  uow: UnitOfWork,
): Promise<Ticket> => {
  const current = await findTicket(id);
  requireWorkable(current, 'assigned');
  const team = input.team ?? current.team;
  if (input.assigneeId && input.assigneeId === current.assigneeId && team === current.team) return current;
  const meta = nextRecordMeta(current);
  const draft: Ticket = { ...current, ...meta, team };
  if (input.assigneeId) {
    const next: Ticket = { ...draft, assigneeId: input.assigneeId, assignedAt: meta.updatedAt };
    saveTicket(uow, current, next);
    emitAssignment(
      uow,
      next,
      { outcome: 'manual', assigneeId: input.assigneeId },
      current.assigneeId ?? null,
    );
    return next;
  }
  const result = await planTicketAssignment(uow, draft, await readSetting(ticketAssignmentSetting));
  emitAssignment(uow, draft, result, current.assigneeId ?? null);
  if (!result.assigneeId) {
    if (team === current.team) {
      uow.requireExists(ticketKey(id), () => notFound('Ticket', id));
      return current;
    }
    // Moved to a team with no agent free: it waits unassigned in the new team's queue.
    return saveTicket(uow, current, { ...draft, assigneeId: null, assignedAt: null });
  }
  const next: Ticket = { ...draft, assigneeId: result.assigneeId, assignedAt: meta.updatedAt };
  // The assignment already counted the new slot: release only the previous one.
  // `If-Match` was checked against the version read; losing the write now means a concurrent
  // change won the race, which a fresh attempt (on fresh reads) settles.
  uow.replace(ticketItem(next), current.version, race('The ticket'), 10);
  recordHistory(uow, current, next, meta.updatedAt);
  moveTicketSlot(uow, current, { ...next, assigneeId: null });
  return next;
};

const internalNote = (uow: UnitOfWork, ticketId: string, text: string, at: string): void => {
  uow.create(
    ticketMessageItem({
      ticketId,
      direction: 'internal',
      from: uow.actor.id,
      to: [],
      subject: null,
      text,
      html: null,
      attachments: [],
      emailMessageId: null,
      inReplyTo: null,
      authorId: uow.actor.id,
      createdAt: at,
    }),
    () => conflict('Message collision; retry.'),
  );
};

/**
 * Resolves a ticket and records its KPIs: handling time (opened → resolved minus the time paused
 * while pending, and while resolved before a reopen) and first-contact resolution (at most one
 * outbound reply, never reopened). The assignee's slot is freed; `ticket.resolved` starts the survey.
 */
export const resolveTicket = async (
  id: string,
  note: string | undefined,
  uow: UnitOfWork,
): Promise<Ticket> => {
  const current = await findTicket(id);
  if (current.status === 'resolved') return current;
  requireWorkable(current, 'resolved');
  const meta = nextRecordMeta(current);
  const at = meta.updatedAt;
  const paused = withStatus({ ...current, ...meta }, 'resolved', at, await readSetting(slaPoliciesSetting));
  const handlingSeconds = Math.max(0, secondsBetween(current.createdAt, at) - paused.pausedSeconds);
  const firstContactResolution = current.outboundCount <= 1 && current.reopenCount === 0;
  const next: Ticket = {
    ...paused,
    resolvedAt: at,
    handlingSeconds,
    firstContactResolution,
    messageCount: current.messageCount + (note ? 1 : 0),
  };
  if (note) internalNote(uow, id, note, at);
  saveTicket(uow, current, next);
  uow.emit(ticketResolved, id, {
    ...classificationOf(next),
    assigneeId: next.assigneeId ?? null,
    contactId: next.contactId,
    firstResponseSeconds: next.firstResponseSeconds ?? null,
    handlingSeconds,
    firstContactResolution,
    reopenCount: next.reopenCount,
    breachedFirstResponse: Boolean(next.breached.firstResponse),
    breachedResolution: Boolean(next.breached.resolution),
  });
  return next;
};

/** Reopens a resolved ticket (reopenCount + 1; it is no first-contact resolution any more). */
export const reopenTicket = async (
  id: string,
  reason: string | undefined,
  uow: UnitOfWork,
): Promise<Ticket> => {
  const current = await findTicket(id);
  if (current.status !== 'resolved') {
    throw new AppError(
      'unprocessable',
      `Only a resolved ticket can be reopened; this one is ${current.status}.`,
    );
  }
  const meta = nextRecordMeta(current);
  const next: Ticket = {
    ...reopenFields(
      withStatus({ ...current, ...meta }, 'open', meta.updatedAt, await readSetting(slaPoliciesSetting)),
    ),
    messageCount: current.messageCount + (reason ? 1 : 0),
  };
  if (reason) internalNote(uow, id, reason, meta.updatedAt);
  saveTicket(uow, current, next);
  emitReopened(uow, current, next);
  return next;
};

/** Closes a ticket for good (from any status); a closed ticket takes no messages and is not reopened. */
export const closeTicket = async (id: string, uow: UnitOfWork): Promise<Ticket> => {
  const current = await findTicket(id);
  if (current.status === 'closed') return current;
  const meta = nextRecordMeta(current);
  const next: Ticket = {
    ...withStatus({ ...current, ...meta }, 'closed', meta.updatedAt, await readSetting(slaPoliciesSetting)),
    closedAt: meta.updatedAt,
  };
  saveTicket(uow, current, next);
  uow.emit(ticketClosed, id, { ...classificationOf(next), previousStatus: current.status });
  return next;
};

// ---------------------------------------------------------------------------------------------
// Hook for the survey engine (it calls this inside its own unit of work).

/**
 * For the survey engine: records a CSAT (1–5) and/or NPS (0–10) answer on the ticket, with history.
 * The survey engine keeps its tokens single-use and emits `survey.answered`.
 */
export const recordSurveyAnswer = async (
  ticketId: string,
  answer: SurveyAnswer,
  uow: UnitOfWork,
): Promise<Ticket> => {
  const parsed = surveyAnswerSchema.parse(answer);
  const current = await findTicket(ticketId);
  const patch = {
    ...(parsed.csat !== undefined ? { csat: parsed.csat } : {}),
    ...(parsed.nps !== undefined ? { nps: parsed.nps } : {}),
  };
  const plan = planUpdate(current, patch, undefined);
  if (!plan) return current;
  return saveTicket(uow, current, plan.next);
};
