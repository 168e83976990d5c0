import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { MESSAGE_DIRECTIONS, TICKET_CHANNELS, TICKET_PRIORITIES, TICKET_STATUSES } from './ticket.schema.ts';

// Event data carries ids, channel, category, priority, team, statuses and durations only: never
// subjects, message texts, names or emails (the analytics lake keeps events; erasing a person must
// not require rewriting it).

const classification = {
  channel: z.enum(TICKET_CHANNELS),
  category: z.string(),
  priority: z.enum(TICKET_PRIORITIES),
  team: z.string(),
};

export const ticketOpened = defineEvent({
  name: 'ticket.opened',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    status: z.enum(TICKET_STATUSES),
    contactId: z.string(),
    accountId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    language: z.string(),
    /** Ids of the `ticket-rules` rules that matched. */
    rules: z.array(z.string()),
    /** True when the contact was created for this ticket (unknown email). */
    contactCreated: z.boolean(),
  }),
});

export const ticketAssigned = defineEvent({
  name: 'ticket.assigned',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    /** Null when no agent of the team had room: the ticket waits unassigned in the team queue. */
    assigneeId: z.string().nullable(),
    previousAssigneeId: z.string().nullable(),
    outcome: z.enum(['assigned', 'manual', 'no_agent', 'capacity_reached']),
  }),
});

export const ticketUpdated = defineEvent({
  name: 'ticket.updated',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    /** Names of the fields that changed, not their values. */
    changed: z.array(z.string()),
    status: z.enum(TICKET_STATUSES),
    previousStatus: z.enum(TICKET_STATUSES),
    assigneeId: z.string().nullable(),
  }),
});

export const ticketMessageAdded = defineEvent({
  name: 'ticket.message_added',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    messageId: z.string(),
    direction: z.enum(MESSAGE_DIRECTIONS),
    /** True for the first outbound reply (it sets the first response time). */
    firstResponse: z.boolean(),
    attachmentCount: z.number().int().nonnegative(),
    /**
     * Outbound replies to be mailed: the mail sender reads message and ticket by id (no personal data
     * in the event) and records the sent Message-ID with `recordOutboundMailId`.
     */
    deliver: z.boolean(),
  }),
});

export const ticketResolved = defineEvent({
  name: 'ticket.resolved',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    assigneeId: z.string().nullable(),
    contactId: z.string(),
    firstResponseSeconds: z.number().int().nonnegative().nullable(),
    handlingSeconds: z.number().int().nonnegative(),
    firstContactResolution: z.boolean(),
    reopenCount: z.number().int().nonnegative(),
    breachedFirstResponse: z.boolean(),
    breachedResolution: z.boolean(),
  }),
});

export const ticketReopened = defineEvent({
  name: 'ticket.reopened',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    reopenCount: z.number().int().positive(),
    previousStatus: z.enum(TICKET_STATUSES),
    assigneeId: z.string().nullable(),
  }),
});

export const ticketClosed = defineEvent({
  name: 'ticket.closed',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    previousStatus: z.enum(TICKET_STATUSES),
  }),
});

/** Emitted by the SLA engine when a target passes unmet (once per ticket and target). */
export const ticketSlaBreached = defineEvent({
  name: 'ticket.sla_breached',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    ...classification,
    target: z.enum(['first_response', 'resolution']),
    slaPolicy: z.string().nullable(),
    dueAt: z.iso.datetime(),
    /** Seconds between the due time and detection. */
    lateSeconds: z.number().int().nonnegative(),
    /** The priority after escalation (raised by the breach), and before. */
    previousPriority: z.enum(TICKET_PRIORITIES),
    assigneeId: z.string().nullable(),
  }),
});

/** Emitted by the survey engine when a customer answers (the subject is the ticket). */
export const surveyAnswered = defineEvent({
  name: 'survey.answered',
  version: 1,
  subjectType: 'ticket',
  data: z.strictObject({
    surveyId: z.string(),
    csat: z.number().int().min(1).max(5).nullable(),
    nps: z.number().int().min(0).max(10).nullable(),
    category: z.string(),
    team: z.string(),
    assigneeId: z.string().nullable(),
  }),
});
