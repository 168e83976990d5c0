import { epochSeconds } from '../clock.ts';
import type { StoredItem } from '../db/keys.ts';
import { type DomainEvent, eventEnvelopeSchema } from './event.ts';

export const OUTBOX_ENTITY = 'outbox';
/** Outbox items outlive any stream retention (24 h) by far, then expire through TTL. */
const OUTBOX_RETENTION_SECONDS = 7 * 24 * 3600;

/** The outbox item written in the same transaction as the state change it describes. */
export const outboxItem = (event: DomainEvent): StoredItem => ({
  pk: `OUTBOX#${event.id}`,
  sk: 'OUTBOX',
  entity: OUTBOX_ENTITY,
  event,
  expiresAt: epochSeconds() + OUTBOX_RETENTION_SECONDS,
});

/** Reads the event back out of an outbox item (a stream image or a query result). */
export const eventFromOutboxItem = (item: Record<string, unknown>): DomainEvent =>
  eventEnvelopeSchema.parse(item.event);
