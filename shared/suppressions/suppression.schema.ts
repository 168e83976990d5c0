import * as z from 'zod';
import { emailSchema } from '#shared/contacts/contact.schema.ts';

export const SUPPRESSION_REASONS = ['unsubscribe', 'hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/** Reasons that also stop transactional mail (the address does not work or the person complained). */
export const TRANSACTIONAL_BLOCKERS: readonly SuppressionReason[] = ['hard_bounce', 'complaint'];

export const addSuppressionBody = z.strictObject({
  email: emailSchema,
  reason: z.enum(SUPPRESSION_REASONS),
});

export const suppressionQuery = z.strictObject({ email: emailSchema });

export const removeSuppressionQuery = z.strictObject({
  email: emailSchema,
  /** Only this reason; all entries of the address when absent. */
  reason: z.enum(SUPPRESSION_REASONS).optional(),
});

/** One reason an address is suppressed; the address itself is never stored, only its SHA-256. */
export const suppressionEntrySchema = z.strictObject({
  id: z.string(),
  reason: z.enum(SUPPRESSION_REASONS),
  /** An unsubscribe from one purpose only; null for the whole address. */
  purpose: z.string().nullable(),
  source: z.string(),
  createdAt: z.iso.datetime(),
});
export type SuppressionEntry = z.infer<typeof suppressionEntrySchema>;

export const suppressionStatusSchema = z.strictObject({
  /** SHA-256 (hex) of the normalised address: what the list is keyed by. */
  emailHash: z.string(),
  suppressed: z.boolean(),
  entries: z.array(suppressionEntrySchema),
});
export type SuppressionStatus = z.infer<typeof suppressionStatusSchema>;
