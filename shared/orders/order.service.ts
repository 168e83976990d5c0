import type { StoredItem } from '#shared/platform/db/keys.ts';
import { findRecord, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { conflict } from '#shared/platform/errors.ts';
import type { DomainEvent } from '#shared/platform/events/event.ts';
import { orderFromItem, orderItem, orderKey, orderListQuery } from './order.entity.ts';
import { orderPlaced } from './order.events.ts';
import type { ListOrdersQuery, Order } from './order.schema.ts';

/** Writes a new order with its `order.placed` event, in the caller's transaction. */
export const writePlacedOrder = (uow: UnitOfWork, order: Order): DomainEvent => {
  uow.create(orderItem(order), () => conflict('Id collision; retry.'));
  return uow.emit(orderPlaced, order.id, {
    quoteId: order.quoteId,
    opportunityId: order.opportunityId,
    contactId: order.contactId,
    accountId: order.accountId,
    ownerId: order.ownerId,
    net: order.net,
    tax: order.tax,
    total: order.total,
    lineCount: order.lines.length,
  });
};

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
