import * as z from 'zod';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  pageOf,
  patchOf,
  recordMeta,
  userIdSchema,
} from '#shared/platform/http/schemas.ts';

export const ACTIVITY_TYPES = ['call', 'email', 'meeting', 'note', 'task'] as const;

/** The records an activity can belong to; at least one is required. */
export const ACTIVITY_LINKS = ['contactId', 'accountId', 'leadId', 'opportunityId', 'ticketId'] as const;

const editable = {
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string().trim().min(1).max(200),
  body: z.string().max(20_000).nullable(),
  dueAt: z.iso.datetime().nullable(),
  completedAt: z.iso.datetime().nullable(),
  contactId: idSchema.nullable(),
  accountId: idSchema.nullable(),
  leadId: idSchema.nullable(),
  opportunityId: idSchema.nullable(),
  ticketId: idSchema.nullable(),
  ownerId: userIdSchema.nullable(),
};

const hasLink = (body: Partial<Record<(typeof ACTIVITY_LINKS)[number], string | null>>): boolean =>
  ACTIVITY_LINKS.some((link) => typeof body[link] === 'string');

export const createActivityBody = z
  .strictObject({
    type: editable.type,
    subject: editable.subject,
    body: editable.body.optional(),
    dueAt: editable.dueAt.optional(),
    completedAt: editable.completedAt.optional(),
    contactId: editable.contactId.optional(),
    accountId: editable.accountId.optional(),
    leadId: editable.leadId.optional(),
    opportunityId: editable.opportunityId.optional(),
    ticketId: editable.ticketId.optional(),
    ownerId: editable.ownerId.optional(),
  })
  .refine(hasLink, {
    message: `Link the activity to at least one of ${ACTIVITY_LINKS.join(', ')}.`,
    path: ['contactId'],
  });
export type CreateActivityInput = z.infer<typeof createActivityBody>;

export const updateActivityBody = patchOf(editable);
export type UpdateActivityInput = z.infer<typeof updateActivityBody>;

export const activitySchema = z.strictObject({
  ...recordMeta,
  type: z.enum(ACTIVITY_TYPES),
  subject: z.string(),
  body: z.string().nullable().optional(),
  dueAt: z.string().nullable().optional(),
  completedAt: z.string().nullable().optional(),
  contactId: z.string().nullable().optional(),
  accountId: z.string().nullable().optional(),
  leadId: z.string().nullable().optional(),
  opportunityId: z.string().nullable().optional(),
  ticketId: z.string().nullable().optional(),
  ownerId: z.string().nullable().optional(),
});
export type Activity = z.infer<typeof activitySchema>;

export const listActivitiesQuery = z.strictObject({
  contactId: idSchema.optional(),
  accountId: idSchema.optional(),
  ownerId: userIdSchema.optional(),
  leadId: idSchema.optional(),
  opportunityId: idSchema.optional(),
  ticketId: idSchema.optional(),
  type: z.enum(ACTIVITY_TYPES).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

export const activityPage = pageOf(activitySchema);
