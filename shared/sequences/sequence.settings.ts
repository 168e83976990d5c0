import * as z from 'zod';
import { LANGUAGES } from '#shared/contacts/contact.schema.ts';
import { defineSetting } from '#shared/platform/settings.ts';

const recipient = z.strictObject({ email: z.email(), language: z.enum(LANGUAGES).default('de') });

/**
 * Where owner notices of sequences go (MQL handoff, notify_owner steps). Owners are user ids of the
 * identity provider, which holds no addresses the CRM may read, so an admin maps them here.
 */
export const sequenceNotificationsSchema = z.strictObject({
  owners: z.record(z.string().trim().min(1).max(128), recipient),
  /** For owners without an entry and records without owner; none: the task is created, nobody is mailed. */
  fallback: recipient.nullable(),
});
export type SequenceNotifications = z.infer<typeof sequenceNotificationsSchema>;

export const sequenceNotificationsSetting = defineSetting({
  name: 'sequence-notifications',
  description:
    'Owner id → email and language (de/en) for sequence notices (MQL handoff of a nurtured lead, notify_owner steps); fallback recipient for owners without an entry.',
  schema: sequenceNotificationsSchema,
  defaults: { owners: {}, fallback: null },
});
