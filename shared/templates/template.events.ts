import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { TEMPLATE_KINDS } from './template.schema.ts';

// Templates hold no personal data; test sends are not events (the recipient would be personal data).

const languages = z.array(z.enum(['de', 'en']));

export const templateCreated = defineEvent({
  name: 'template.created',
  version: 1,
  subjectType: 'template',
  data: z.strictObject({ kind: z.enum(TEMPLATE_KINDS), languages }),
});

export const templateUpdated = defineEvent({
  name: 'template.updated',
  version: 1,
  subjectType: 'template',
  data: z.strictObject({ changed: z.array(z.string()), kind: z.enum(TEMPLATE_KINDS), languages }),
});

export const templateDeleted = defineEvent({
  name: 'template.deleted',
  version: 1,
  subjectType: 'template',
  data: z.strictObject({}),
});
