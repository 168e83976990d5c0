import { createHash } from 'node:crypto';
import type { StoredItem } from '#shared/platform/db/keys.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { SuppressionEntry, SuppressionReason } from './suppression.schema.ts';

export const SUPPRESSION_ENTITY = 'suppression';

/** SHA-256 (hex) of the address after trimming and lower-casing, as `emailSchema` normalises it. */
export const emailHash = (email: string): string =>
  createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('hex');

/**
 * One entry per address, reason and (for unsubscribes) purpose: `SUPPRESSION#<sha256>` /
 * `REASON#<reason>[#<purpose>]`. Keyed by the hash so it survives the erasure of the contact.
 */
export const suppressionKey = (hash: string, reason: SuppressionReason, purpose: string | null) => ({
  pk: `SUPPRESSION#${hash}`,
  sk: `REASON#${reason}${purpose ? `#${purpose}` : ''}`,
});

export const suppressionItem = (hash: string, entry: SuppressionEntry): StoredItem => ({
  ...suppressionKey(hash, entry.reason, entry.purpose),
  entity: SUPPRESSION_ENTITY,
  ...entry,
});

export const suppressionFromItem = (item: Record<string, unknown>): SuppressionEntry => ({
  id: String(item.id),
  reason: item.reason as SuppressionReason,
  purpose: (item.purpose as string | null | undefined) ?? null,
  source: String(item.source),
  createdAt: String(item.createdAt),
});

/** All entries of one address (a handful at most). */
export const suppressionQuery = (hash: string): QuerySpec => ({
  pk: `SUPPRESSION#${hash}`,
  skPrefix: 'REASON#',
  limit: 50,
});
