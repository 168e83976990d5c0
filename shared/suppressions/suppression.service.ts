import { contactEmailKey } from '#shared/contacts/contact.entity.ts';
import { nowIso } from '#shared/platform/clock.ts';
import { getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { conflict } from '#shared/platform/errors.ts';
import { newId } from '#shared/platform/ids.ts';
import {
  emailHash,
  suppressionFromItem,
  suppressionItem,
  suppressionKey,
  suppressionQuery,
} from './suppression.entity.ts';
import { suppressionAdded, suppressionRemoved } from './suppression.events.ts';
import type { SuppressionEntry, SuppressionReason, SuppressionStatus } from './suppression.schema.ts';

/** The entries of an address (by its normalised SHA-256). */
export const suppressionEntries = async (email: string): Promise<SuppressionEntry[]> =>
  (await queryPage(suppressionQuery(emailHash(email)))).items.map(suppressionFromItem);

/** Whether the address is on the suppression list for any reason. */
export const isSuppressed = async (email: string): Promise<boolean> =>
  (await suppressionEntries(email)).length > 0;

export const suppressionStatus = async (email: string): Promise<SuppressionStatus> => {
  const entries = await suppressionEntries(email);
  return { emailHash: emailHash(email), suppressed: entries.length > 0, entries };
};

const contactIdOf = async (email: string): Promise<string | null> => {
  const claim = await getItem(contactEmailKey(email.trim().toLowerCase()));
  return typeof claim?.contactId === 'string' ? claim.contactId : null;
};

/**
 * Puts the address on the list for `reason` (and, for unsubscribes, `purpose`): idempotent, an
 * existing entry is kept as it is (its first date is the proof). Emits `suppression.added` once.
 */
export const addSuppression = async (
  uow: UnitOfWork,
  input: {
    email: string;
    reason: SuppressionReason;
    purpose?: string | null;
    source: string;
    contactId?: string | null;
  },
): Promise<SuppressionStatus> => {
  const hash = emailHash(input.email);
  const purpose = input.purpose ?? null;
  const entries = await suppressionEntries(input.email);
  const existing = entries.find((entry) => entry.reason === input.reason && entry.purpose === purpose);
  if (existing) return { emailHash: hash, suppressed: true, entries };
  const entry: SuppressionEntry = {
    id: newId(),
    reason: input.reason,
    purpose,
    source: input.source,
    createdAt: nowIso(),
  };
  uow.create(suppressionItem(hash, entry), () => conflict('The address was just suppressed; retry.'));
  uow.emit(suppressionAdded, entry.id, {
    reason: entry.reason,
    purpose,
    source: entry.source,
    contactId: input.contactId !== undefined ? input.contactId : await contactIdOf(input.email),
  });
  return { emailHash: hash, suppressed: true, entries: [...entries, entry] };
};

/**
 * Takes entries of the address off the list (all, or those of one reason / one unsubscribe
 * purpose); each removal emits `suppression.removed` with the actor, which is the audit trail.
 */
export const removeSuppression = async (
  uow: UnitOfWork,
  input: { email: string; reason?: SuppressionReason; purpose?: string; source: string },
): Promise<number> => {
  const hash = emailHash(input.email);
  const entries = (await suppressionEntries(input.email)).filter(
    (entry) =>
      (input.reason === undefined || entry.reason === input.reason) &&
      (input.purpose === undefined || entry.purpose === input.purpose),
  );
  if (entries.length === 0) return 0;
  const contactId = await contactIdOf(input.email);
  for (const entry of entries) {
    uow.remove(suppressionKey(hash, entry.reason, entry.purpose), () =>
      conflict('The suppression entry was just removed; retry.'),
    );
    uow.emit(suppressionRemoved, entry.id, {
      reason: entry.reason,
      purpose: entry.purpose,
      source: input.source,
      contactId,
    });
  }
  return entries.length;
};
