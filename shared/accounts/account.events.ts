import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';

// Accounts are companies, not people; still, events carry ids and facts, not contact details.

export const accountCreated = defineEvent({
  name: 'account.created',
  version: 1,
  subjectType: 'account',
  data: z.strictObject({ ownerId: z.string().nullable(), industry: z.string().nullable() }),
});

export const accountUpdated = defineEvent({
  name: 'account.updated',
  version: 1,
  subjectType: 'account',
  data: z.strictObject({
    changed: z.array(z.string()),
    ownerId: z.string().nullable(),
    industry: z.string().nullable(),
  }),
});

export const accountDeleted = defineEvent({
  name: 'account.deleted',
  version: 1,
  subjectType: 'account',
  data: z.strictObject({}),
});
