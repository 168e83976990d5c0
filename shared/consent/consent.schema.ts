import * as z from 'zod';
import { CONSENT_STATUSES, emailSchema, LANGUAGES } from '#shared/contacts/contact.schema.ts';
import { idSchema } from '#shared/platform/http/schemas.ts';

/** What a person may agree to be mailed about, each consented (and withdrawn) on its own. */
export const CONSENT_PURPOSES = ['newsletter', 'marketing', 'product_updates'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Version of the wording a sign-up shows; a new text gets a new version (docs/consent.md). */
export const NEWSLETTER_WORDING_VERSION = 'newsletter-2026-11';

/** Consent to one purpose over email, next to (not inside) the contact's channel consents. */
export const purposeConsentSchema = z.strictObject({
  contactId: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.literal('email'),
  status: z.enum(CONSENT_STATUSES),
  source: z.string(),
  at: z.iso.datetime(),
  /** Version of the consent wording the person agreed to. */
  wordingVersion: z.string().nullable(),
  /** HMAC of the client address at a public sign-up or confirmation (proof without storing the IP). */
  ipHash: z.string().nullable(),
  /** Record version (optimistic locking). */
  version: z.number().int().positive(),
});
export type PurposeConsent = z.infer<typeof purposeConsentSchema>;

export const purposeParams = z.strictObject({ id: idSchema, purpose: z.enum(CONSENT_PURPOSES) });
export const contactIdParams = z.strictObject({ id: idSchema });

export const setPurposeConsentBody = z.strictObject({
  status: z.enum(CONSENT_STATUSES),
  source: z.string().trim().min(1).max(200),
  wordingVersion: z.string().trim().min(1).max(50).optional(),
});

export const purposeConsentList = z.strictObject({ items: z.array(purposeConsentSchema) });

export const subscribeBody = z.strictObject({
  email: emailSchema,
  firstName: z.string().trim().min(1).max(100).optional(),
  language: z.enum(LANGUAGES).optional(),
  purpose: z.enum(CONSENT_PURPOSES).default('newsletter'),
});
export type SubscribeInput = z.infer<typeof subscribeBody>;

/** The same answer for known, unknown, subscribed and suppressed addresses. */
export const subscribeReceipt = z.strictObject({ status: z.literal('confirmation_requested') });

export const tokenQuery = z.strictObject({ token: z.string().min(10).max(1000) });

export const confirmReceipt = z.strictObject({
  status: z.literal('confirmed'),
  purpose: z.enum(CONSENT_PURPOSES),
});

export const unsubscribeReceipt = z.strictObject({
  status: z.literal('unsubscribed'),
  purpose: z.enum(CONSENT_PURPOSES),
});

/** RFC 8058 one-click body (`List-Unsubscribe=One-Click`, form-encoded); empty is accepted too. */
export const oneClickBody = z.strictObject({ 'List-Unsubscribe': z.literal('One-Click').optional() });
