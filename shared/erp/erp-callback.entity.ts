import { epochSeconds } from '#shared/platform/clock.ts';
import type { StoredItem } from '#shared/platform/db/keys.ts';

/**
 * A processed callback is remembered for 7 days: far beyond the 5-minute signature window, so a
 * captured callback can neither be replayed while its signature is valid nor after (then it is stale).
 */
const RETENTION_SECONDS = 7 * 24 * 3600;

export const erpCallbackKey = (eventId: string) => ({ pk: `ERP_CALLBACK#${eventId}`, sk: 'ERP_CALLBACK' });

export const erpCallbackItem = (eventId: string, type: string, receivedAt: string): StoredItem => ({
  ...erpCallbackKey(eventId),
  entity: 'erp-callback',
  type,
  receivedAt,
  expiresAt: epochSeconds() + RETENTION_SECONDS,
});
