import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { SUPPRESSION_REASONS } from './suppression.schema.ts';

// No address and no hash of it: the subject is the entry's own id, the contact id only when known.
const data = z.strictObject({
  reason: z.enum(SUPPRESSION_REASONS),
  purpose: z.string().nullable(),
  contactId: z.string().nullable(),
  source: z.string(),
});

export const suppressionAdded = defineEvent({
  name: 'suppression.added',
  version: 1,
  subjectType: 'suppression',
  data,
});

export const suppressionRemoved = defineEvent({
  name: 'suppression.removed',
  version: 1,
  subjectType: 'suppression',
  data,
});
