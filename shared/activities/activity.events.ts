import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { ACTIVITY_TYPES } from './activity.schema.ts';

const links = {
  contactId: z.string().nullable(),
  accountId: z.string().nullable(),
  leadId: z.string().nullable(),
  opportunityId: z.string().nullable(),
  ticketId: z.string().nullable(),
  ownerId: z.string().nullable(),
};

// Subjects and bodies are free text and may name people: they stay out of events.

export const activityLogged = defineEvent({
  name: 'activity.logged',
  version: 1,
  subjectType: 'activity',
  data: z.strictObject({ type: z.enum(ACTIVITY_TYPES), completed: z.boolean(), ...links }),
});

export const activityUpdated = defineEvent({
  name: 'activity.updated',
  version: 1,
  subjectType: 'activity',
  data: z.strictObject({
    type: z.enum(ACTIVITY_TYPES),
    changed: z.array(z.string()),
    completed: z.boolean(),
    ...links,
  }),
});

export const activityDeleted = defineEvent({
  name: 'activity.deleted',
  version: 1,
  subjectType: 'activity',
  data: z.strictObject({ type: z.enum(ACTIVITY_TYPES), ...links }),
});
