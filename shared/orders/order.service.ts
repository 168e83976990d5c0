import type { StoredItem } from '#shared/platform/db/keys.ts';
import { findRecord, queryPage } from '#shared/platform/db/table.ts';
import { orderFromItem, orderKey, orderListQuery } from './order.entity.ts';
import type { ListOrdersQuery, Order } from './order.schema.ts';

export const findOrder = (id: string): Promise<Order> => findRecord(orderKey(id), orderFromItem, 'Order', id);

/** Keeps items that match every given equality filter of the query spec. */
export const matchesFilter =
  (filter: Record<string, string | undefined> = {}) =>
  (item: StoredItem): boolean =>
    Object.entries(filter).every(([name, value]) => value === undefined || item[name] === value);

/**
 * Orders newest first, by contact, account or status. The second filter (status within a contact
 * or account) is also applied here, so the answer is right whether or not the query layer filters.
 */
export const listOrders = async (
  query: ListOrdersQuery,
): Promise<{ items: Order[]; nextCursor: string | null }> => {
  const spec = orderListQuery(query);
  const page = await queryPage(spec);
  return {
    items: page.items.filter(matchesFilter(spec.filter)).map(orderFromItem),
    nextCursor: page.nextCursor,
  };
};
