import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { CONSENT_CHANNELS, CONSENT_STATUSES, LANGUAGES, LIFECYCLE_STAGES } from './contact.schema.ts';

// Event data carries ids and business facts only, never names, emails or phone numbers: the
// analytics lake keeps events, and erasing a person must not require rewriting the lake.

export const contactCreated = defineEvent({
  name: 'contact.created',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({
    accountId: z.string().nullable(),
    ownerId: z.string().nullable(),
    lifecycleStage: z.enum(LIFECYCLE_STAGES),
    language: z.enum(LANGUAGES),
  }),
});

export const contactUpdated = defineEvent({
  name: 'contact.updated',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({
    /** Names of the fields that changed, not their values. */
    changed: z.array(z.string()),
    accountId: z.string().nullable(),
    ownerId: z.string().nullable(),
    lifecycleStage: z.enum(LIFECYCLE_STAGES),
    previousLifecycleStage: z.enum(LIFECYCLE_STAGES),
  }),
});

export const contactDeleted = defineEvent({
  name: 'contact.deleted',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({ accountId: z.string().nullable() }),
});

export const consentChanged = defineEvent({
  name: 'consent.changed',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({
    channel: z.enum(CONSENT_CHANNELS),
    status: z.enum(CONSENT_STATUSES),
    previousStatus: z.enum(CONSENT_STATUSES).nullable(),
    source: z.string(),
    version: z.string().nullable(),
    /** Set for consent to one marketing purpose (shared/consent); absent for the channel consent. */
    purpose: z.string().optional(),
  }),
});
