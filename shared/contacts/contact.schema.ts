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

export const LIFECYCLE_STAGES = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'inactive',
] as const;
export const LANGUAGES = ['de', 'en'] as const;
export const CONSENT_CHANNELS = ['email', 'phone', 'sms', 'post'] as const;
export const CONSENT_STATUSES = ['granted', 'pending', 'revoked'] as const;

export type Language = (typeof LANGUAGES)[number];
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/** Emails are compared after trimming and lower-casing: "Anna@X.de " and "anna@x.de" are one person. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Must be an email address.').max(254));
const name = z.string().trim().min(1).max(100);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()/.-]{3,29}$/, 'Must be a phone number such as +49 89 1234567.');

/** Consent to be contacted through one channel, with where and when it was given or withdrawn. */
export const consentSchema = z.strictObject({
  status: z.enum(CONSENT_STATUSES),
  source: z.string().trim().min(1).max(200),
  at: z.iso.datetime(),
  /** Version of the consent wording the person agreed to. */
  version: z.string().trim().min(1).max(50).optional(),
});
export type Consent = z.infer<typeof consentSchema>;

export const consentsSchema = z.partialRecord(z.enum(CONSENT_CHANNELS), consentSchema);

/** One change of consent, kept in the contact's collection as proof of when and how it moved. */
export const consentChangeSchema = consentSchema.extend({
  id: z.string(),
  contactId: z.string(),
  channel: z.enum(CONSENT_CHANNELS),
  previousStatus: z.enum(CONSENT_STATUSES).nullable(),
  actorId: z.string(),
});

export const setConsentBody = consentSchema.omit({ at: true });
export const consentParams = z.strictObject({ id: idSchema, channel: z.enum(CONSENT_CHANNELS) });

const editable = {
  firstName: name,
  lastName: name,
  email: emailSchema,
  phone: phone.nullable(),
  jobTitle: z.string().trim().min(1).max(120).nullable(),
  accountId: idSchema.nullable(),
  ownerId: userIdSchema.nullable(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  language: z.enum(LANGUAGES),
  interests: z.array(z.string().trim().min(1).max(60)).max(50),
};

export const createContactBody = z.strictObject({
  ...editable,
  phone: editable.phone.optional(),
  jobTitle: editable.jobTitle.optional(),
  accountId: editable.accountId.optional(),
  ownerId: editable.ownerId.optional(),
  lifecycleStage: editable.lifecycleStage.default('lead'),
  language: editable.language.default('de'),
  interests: editable.interests.default([]),
  /** Consents known at creation, e.g. from a signed form. */
  consents: z.partialRecord(z.enum(CONSENT_CHANNELS), setConsentBody).optional(),
});
export type CreateContactInput = z.infer<typeof createContactBody>;

export const updateContactBody = patchOf(editable);
export type UpdateContactInput = z.infer<typeof updateContactBody>;

export const contactSchema = z.strictObject({
  ...recordMeta,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  accountId: z.string().nullable().optional(),
  ownerId: z.string().nullable().optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES),
  language: z.enum(LANGUAGES),
  interests: z.array(z.string()),
  consents: consentsSchema,
});
export type Contact = z.infer<typeof contactSchema>;

export const listContactsQuery = z.strictObject({
  ownerId: userIdSchema.optional(),
  accountId: idSchema.optional(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).optional(),
  email: emailSchema.optional(),
  /** Prefix of the last name (then first name), umlaut-tolerant: "mül", "muel". */
  q: z.string().trim().min(1).max(100).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

export const contactPage = pageOf(contactSchema);
