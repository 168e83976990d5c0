import * as z from 'zod';
import { emailSchema, LANGUAGES } from '#shared/contacts/contact.schema.ts';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  pageOf,
  patchOf,
  recordMeta,
  userIdSchema,
} from '#shared/platform/http/schemas.ts';

export const TICKET_CHANNELS = ['email', 'phone', 'chat', 'social', 'web', 'api'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** Most urgent first; the rank orders the team queue. */
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const priorityRank = (priority: TicketPriority): number => TICKET_PRIORITIES.indexOf(priority);

export const TICKET_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Statuses in which a ticket is being worked on and occupies a slot of its assignee's capacity. */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending'];

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** Category keys (`defect`, `complaint`, `billing`, `general` …): short kebab-case, set by rules or agents. */
export const categorySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Must be a short kebab-case key such as defect.');
export const teamSchema = z.string().trim().min(1).max(100);
/** Ticket number: `T-<year>-<6 digits>`, drawn from a yearly counter. */
export const ticketNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^T-\d{4}-\d{6,}$/, 'Must be a ticket number such as T-2026-000042.');

const tagSchema = z.string().trim().min(1).max(60);

/** A stored attachment: the file lives in object storage (S3, locally files), never inline in items. */
export const attachmentSchema = z.strictObject({
  name: z.string().trim().min(1).max(255),
  contentType: z.string().trim().min(1).max(255),
  size: z.number().int().nonnegative(),
  storageKey: z.string().trim().min(1).max(1024),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** Which SLA targets were missed (set by the SLA engine; kept once set). */
export const breachedSchema = z.strictObject({
  firstResponse: z.iso.datetime().optional(),
  resolution: z.iso.datetime().optional(),
});

const nullableString = z.string().nullable().optional();

export const ticketSchema = z.strictObject({
  ...recordMeta,
  number: z.string(),
  subject: z.string(),
  description: z.string(),
  channel: z.enum(TICKET_CHANNELS),
  contactId: z.string(),
  accountId: nullableString,
  language: z.enum(LANGUAGES),
  priority: z.enum(TICKET_PRIORITIES),
  category: z.string(),
  status: z.enum(TICKET_STATUSES),
  team: z.string(),
  assigneeId: nullableString,
  tags: z.array(z.string()),
  /** Skills an agent needs for this ticket (from the rules), used by auto-assignment. */
  skills: z.array(z.string()),
  /** Ids of the `ticket-rules` rules that matched when the ticket was opened. */
  matchedRules: z.array(z.string()),
  // SLA (due times, policy, pausing and breaches are maintained by the SLA engine).
  slaPolicy: nullableString,
  firstResponseDueAt: nullableString,
  resolutionDueAt: nullableString,
  slaPausedAt: nullableString,
  pausedSeconds: z.number().int().nonnegative(),
  breached: breachedSchema,
  // Lifecycle.
  firstRespondedAt: nullableString,
  resolvedAt: nullableString,
  closedAt: nullableString,
  assignedAt: nullableString,
  reopenCount: z.number().int().nonnegative(),
  messageCount: z.number().int().nonnegative(),
  outboundCount: z.number().int().nonnegative(),
  // KPIs (PRODUCT.md section 5, Service).
  firstResponseSeconds: z.number().int().nonnegative().nullable().optional(),
  handlingSeconds: z.number().int().nonnegative().nullable().optional(),
  firstContactResolution: z.boolean().nullable().optional(),
  csat: z.number().int().min(1).max(5).nullable().optional(),
  nps: z.number().int().min(0).max(10).nullable().optional(),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const ticketMessageSchema = z.strictObject({
  id: z.string(),
  ticketId: z.string(),
  direction: z.enum(MESSAGE_DIRECTIONS),
  from: nullableString,
  to: z.array(z.string()).optional(),
  subject: nullableString,
  text: z.string(),
  html: nullableString,
  attachments: z.array(attachmentSchema),
  /** The RFC 5322 Message-ID of the mail (inbound as received, outbound as sent). */
  emailMessageId: nullableString,
  inReplyTo: nullableString,
  /** The user who wrote it; `customer` for inbound messages, `system` for automatic ones. */
  authorId: z.string(),
  createdAt: z.iso.datetime(),
});
export type TicketMessage = z.infer<typeof ticketMessageSchema>;

export const ticketHistorySchema = z.strictObject({
  id: z.string(),
  ticketId: z.string(),
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  /** Who changed it: a user id, or `system` for rules, assignment and the SLA engine. */
  actor: z.string(),
  at: z.iso.datetime(),
});
export type TicketHistoryEntry = z.infer<typeof ticketHistorySchema>;

// ---------------------------------------------------------------------------------------------
// Requests.

const subject = z.string().trim().min(1).max(500);
const text = z.string().trim().min(1).max(50_000);

export const createTicketBody = z
  .strictObject({
    subject,
    description: text,
    channel: z.enum(TICKET_CHANNELS).default('api'),
    /** An existing contact, or `email` (and `name`) to match a contact by email or create one. */
    contactId: idSchema.optional(),
    email: emailSchema.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    /** Set explicitly to override what the `ticket-rules` decide. */
    priority: z.enum(TICKET_PRIORITIES).optional(),
    category: categorySchema.optional(),
    team: teamSchema.optional(),
    assigneeId: userIdSchema.optional(),
    tags: z.array(tagSchema).max(50).default([]),
  })
  .refine((body) => body.contactId || body.email, {
    message: 'Name the contact: contactId, or email (and name) to match or create one.',
    path: ['contactId'],
  });
export type CreateTicketInput = z.input<typeof createTicketBody>;

/** What an inbound channel adds to a new ticket's first message (mail headers, stored attachments). */
export type FirstMessageInput = {
  from?: string | null;
  to?: string[];
  html?: string | null;
  attachments?: Attachment[];
  emailMessageId?: string | null;
  inReplyTo?: string | null;
};

/** What `openTicket` takes: the API body, or the same from an inbound channel with its first message. */
export type OpenTicketInput = z.output<typeof createTicketBody> & {
  message?: FirstMessageInput;
  /** Set by the chatbot or mail to skip rules on a known customer value (rarely needed). */
  customerValue?: string;
};

export const updateTicketBody = patchOf({
  subject,
  priority: z.enum(TICKET_PRIORITIES),
  category: categorySchema,
  team: teamSchema,
  /** new → open, open ↔ pending; resolve, reopen and close have their own operations. */
  status: z.enum(['new', 'open', 'pending']),
  tags: z.array(tagSchema).max(50),
});
export type UpdateTicketInput = z.infer<typeof updateTicketBody>;

export const addMessageBody = z.strictObject({
  /** `outbound`: a reply to the customer (mailed); `internal`: a note for colleagues; `inbound`: logged from the customer (e.g. a call). */
  direction: z.enum(MESSAGE_DIRECTIONS),
  text,
  html: z.string().max(200_000).optional(),
  subject: subject.optional(),
  to: z.array(emailSchema).max(20).optional(),
  attachments: z.array(attachmentSchema).max(20).default([]),
});
/** What `addMessage` takes: the API body, or the same from an inbound channel with its mail headers. */
export type AddMessageInput = Omit<z.input<typeof addMessageBody>, 'html'> & {
  html?: string | null | undefined;
  from?: string | null;
  emailMessageId?: string | null;
  inReplyTo?: string | null;
};

export const assignTicketBody = z.strictObject({
  /** Assign to this agent; without it, `ticket-assignment` picks the least-loaded agent of the team. */
  assigneeId: userIdSchema.optional(),
  /** Move the ticket to this team first. */
  team: teamSchema.optional(),
});
export const resolveTicketBody = z.strictObject({ note: z.string().trim().min(1).max(5000).optional() });
export const reopenTicketBody = z.strictObject({ reason: z.string().trim().min(1).max(5000).optional() });
export const closeTicketBody = z.strictObject({});

export const listTicketsQuery = z.strictObject({
  contactId: idSchema.optional(),
  accountId: idSchema.optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  team: teamSchema.optional(),
  assigneeId: userIdSchema.optional(),
  /** The caller's open tickets (new, open, pending), by priority and due time. */
  mine: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuery>;

export const ticketPage = pageOf(ticketSchema);
export const messagesQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export const ticketMessagePage = pageOf(ticketMessageSchema);
export const ticketHistoryPage = pageOf(ticketHistorySchema);

export const surveyAnswerSchema = z
  .strictObject({
    csat: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
  })
  .refine((answer) => answer.csat !== undefined || answer.nps !== undefined, 'Give csat or nps.');
export type SurveyAnswer = z.infer<typeof surveyAnswerSchema>;
