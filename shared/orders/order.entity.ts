import type { StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { ListOrdersQuery, Order } from './order.schema.ts';

/** Key layout of orders; docs/data-model.md lists the access patterns these keys serve. */
export const ORDER_ENTITY = 'order';

export const orderKey = (id: string) => ({ pk: `ORDER#${id}`, sk: 'ORDER' });

export const orderItem = (order: Order): StoredItem => {
  const sk = `ORDER#${order.id}`;
  return {
    ...orderKey(order.id),
    entity: ORDER_ENTITY,
    // The contact's collection (the 360° view), the owner's and the account's records.
    ...sparseKey('gsi1pk', 'gsi1sk', order.contactId ? `CONTACT#${order.contactId}` : undefined, sk),
    ...sparseKey('gsi2pk', 'gsi2sk', order.ownerId ? `OWNER#${order.ownerId}` : undefined, sk),
    ...sparseKey('gsi3pk', 'gsi3sk', order.accountId ? `ACCOUNT#${order.accountId}` : undefined, sk),
    gsi4pk: 'ORDERS',
    gsi4sk: `STATUS#${order.status}#${order.id}`,
    ...order,
  };
};

export const orderFromItem = (item: Record<string, unknown>): Order => withoutStorageAttributes<Order>(item);

/** Newest first, by contact, account or status. */
export const orderListQuery = (query: ListOrdersQuery): QuerySpec => {
  const page = { limit: query.limit, cursor: query.cursor, descending: true };
  if (query.contactId) {
    return {
      index: 'gsi1',
      pk: `CONTACT#${query.contactId}`,
      skPrefix: 'ORDER#',
      ...page,
      filter: { status: query.status },
    };
  }
  if (query.accountId) {
    return {
      index: 'gsi3',
      pk: `ACCOUNT#${query.accountId}`,
      skPrefix: 'ORDER#',
      ...page,
      filter: { status: query.status },
    };
  }
  return {
    index: 'gsi4',
    pk: 'ORDERS',
    skPrefix: query.status ? `STATUS#${query.status}#` : 'STATUS#',
    ...page,
  };
};
