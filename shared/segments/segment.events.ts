import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';

// Ids and numbers only; the rule itself stays in the table.

/** A segment was created or changed; `rebuild` when its rule changed (a new generation is built). */
export const segmentChanged = defineEvent({
  name: 'segment.changed',
  version: 1,
  subjectType: 'segment',
  data: z.strictObject({ generation: z.number().int().positive(), rebuild: z.boolean() }),
});

export const segmentDeleted = defineEvent({
  name: 'segment.deleted',
  version: 1,
  subjectType: 'segment',
  data: z.strictObject({ generation: z.number().int().positive() }),
});
