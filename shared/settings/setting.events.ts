import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';

export const settingChanged = defineEvent({
  name: 'setting.changed',
  version: 1,
  subjectType: 'setting',
  data: z.strictObject({ name: z.string(), version: z.number().int() }),
});
