import { epochSeconds } from '#shared/platform/clock.ts';
import type { StoredItem } from '#shared/platform/db/keys.ts';

/** Markers are kept long enough to outlive every redelivery and redrive (DLQ retention is 14 days). */
const RETENTION_SECONDS = 90 * 24 * 3600;

/** Key of the marker of one mail: one kind of mail per subject is sent at most once. */
export const sentMailKey = (kind: string, subjectId: string) => ({
  pk: `MAIL#${kind}#${subjectId}`,
  sk: 'MAIL',
});

/** The marker claimed (conditional put) before a mail goes out. Ids only: no address, no content. */
export const sentMailItem = (kind: string, subjectId: string, claimedAt: string): StoredItem => ({
  ...sentMailKey(kind, subjectId),
  entity: 'sent-mail',
  kind,
  subjectId,
  claimedAt,
  expiresAt: epochSeconds() + RETENTION_SECONDS,
});
