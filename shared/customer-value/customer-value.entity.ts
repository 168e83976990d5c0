import { contactCollectionPk } from '#shared/contacts/contact.entity.ts';
import type { StoredItem } from '#shared/platform/db/keys.ts';
import { shardOf } from '#shared/platform/db/shard.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { Currency } from '#shared/platform/money.ts';
import { type CustomerFacts, customerFactsSchema } from './customer-value.schema.ts';

/** Key layout of customer value; docs/data-model.md (## Customer value) lists the access patterns. */
export const CUSTOMER_VALUE_ENTITY = 'customer-value';
export const CUSTOMER_VALUE_ORDER_ENTITY = 'customer-value-order';

/** Facts are spread over this many partitions; the daily pass reads them one Query stream each. */
export const CUSTOMER_VALUE_SHARDS = 16;

/** Stable shard of a contact (FNV-1a of its id), so its facts are found by GetItem. */
export const customerValueShard = (contactId: string): number => shardOf(contactId, CUSTOMER_VALUE_SHARDS);

const partition = (shard: number): string => `CUSTOMER_VALUES#${shard}`;

export const customerValueKey = (contactId: string) => ({
  pk: partition(customerValueShard(contactId)),
  sk: `CONTACT#${contactId}`,
});

/** The facts, also in the contact's collection (gsi1) so the 360° view shows them in its one Query. */
export const customerValueItem = (facts: CustomerFacts): StoredItem => ({
  ...customerValueKey(facts.contactId),
  entity: CUSTOMER_VALUE_ENTITY,
  gsi1pk: contactCollectionPk(facts.contactId),
  gsi1sk: '~CUSTOMER_VALUE',
  ...facts,
});

export const customerFactsFromItem = (item: Record<string, unknown>): CustomerFacts =>
  customerFactsSchema.parse(
    Object.fromEntries(Object.entries(item).filter(([key]) => key in customerFactsSchema.shape)),
  );

export const customerValuesQuery = (shard: number, limit: number, cursor: string | undefined): QuerySpec => ({
  pk: partition(shard),
  skPrefix: 'CONTACT#',
  limit,
  cursor,
});

/**
 * One counted order: created in the same transaction as the facts change, so a redelivered
 * `order.placed` is refused by its condition, and a cancelled invoice finds the order's contact.
 */
export const customerValueOrderKey = (orderId: string) => ({
  pk: `CUSTOMER_VALUE_ORDER#${orderId}`,
  sk: 'ORDER',
});

export type CountedOrder = {
  orderId: string;
  contactId: string;
  currency: Currency;
  net: string;
  gross: string;
  cancelled: boolean;
};

export const customerValueOrderItem = (order: CountedOrder): StoredItem => ({
  ...customerValueOrderKey(order.orderId),
  entity: CUSTOMER_VALUE_ORDER_ENTITY,
  ...order,
});
