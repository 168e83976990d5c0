import { accountFromItem, accountKey } from '#shared/accounts/account.entity.ts';
import { type Sleep, sendOrderToErp } from '#shared/erp/erp-client.ts';
import { type ErpSettings, erpSettings } from '#shared/erp/erp-config.ts';
import { nowIso } from '#shared/platform/clock.ts';
import { nextRecordMeta, staleVersion } from '#shared/platform/db/record.ts';
import { getItem } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { orderFromItem, orderItem, orderKey } from './order.entity.ts';
import { orderSynced } from './order.events.ts';
import type { Order } from './order.schema.ts';

export type SyncOutcome = 'synced' | 'already-synced' | 'skipped';

export type SyncDependencies = {
  settings?: ErpSettings;
  sleep?: Sleep;
};

/** Conditional writes lost against a concurrent change are retried this often with a fresh read. */
const WRITE_ATTEMPTS = 3;

export const findOrder = async (orderId: string): Promise<Order | undefined> => {
  const item = await getItem(orderKey(orderId));
  return item ? orderFromItem(item) : undefined;
};

/** What the ERP receives (PRODUCT.md section 3): the order as accepted, and who buys it. */
export const erpOrderPayload = async (order: Order) => {
  const accountItem = order.accountId ? await getItem(accountKey(order.accountId)) : undefined;
  const account = accountItem ? accountFromItem(accountItem) : undefined;
  return {
    orderId: order.id,
    quoteId: order.quoteId,
    quoteVersion: order.quoteVersion,
    placedAt: order.placedAt,
    customer: {
      accountId: order.accountId,
      accountName: account?.name ?? null,
      contactId: order.contactId,
    },
    currency: order.currency,
    lines: order.lines,
    net: order.net,
    tax: order.tax,
    total: order.total,
  };
};

/** Status `synced` with the ERP's id, and `order.synced`, in one transaction; conditional on the version read. */
const recordSynced = async (order: Order, erpId: string): Promise<void> => {
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  const next: Order = {
    ...order,
    ...nextRecordMeta(order),
    // An invoice callback may have overtaken the sync; never move an order backwards.
    status: order.status === 'placed' ? 'synced' : order.status,
    erpId,
    syncedAt: nowIso(),
  };
  uow.replace(orderItem(next), order.version, staleVersion('order', order.version));
  uow.emit(orderSynced, order.id, { erpId });
  await uow.commit();
};

/**
 * The ERP connector's use case for one `order.placed`: an order that already has an ERP id is
 * never sent again (a no-op success); otherwise it goes to the ERP with its id as idempotency key,
 * and the answer is recorded with `order.synced` in one transaction. Safe to run any number of
 * times for the same order: the ERP dedupes by key, the write is conditional.
 */
export const syncOrder = async (orderId: string, deps: SyncDependencies = {}): Promise<SyncOutcome> => {
  const settings = deps.settings ?? erpSettings();
  let order = await findOrder(orderId);
  if (!order) throw new Error(`Order ${orderId} does not exist.`);
  if (order.erpId) return 'already-synced';
  if (order.status === 'cancelled') {
    logger.info('Cancelled order not sent to the ERP', { orderId });
    return 'skipped';
  }
  const erpId = await sendOrderToErp(settings, order.id, await erpOrderPayload(order), {
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  for (let attempt = 1; ; attempt += 1) {
    try {
      await recordSynced(order, erpId);
      logger.info('Order synced to the ERP', { orderId, erpId });
      return 'synced';
    } catch (error) {
      const current = await findOrder(orderId);
      if (current?.erpId === erpId) return 'already-synced';
      if (current?.erpId) {
        // The ERP keys by our order id, so two ids for one order mean the ERP broke its contract.
        logger.error('Order already carries another ERP id', { orderId, erpId, storedErpId: current.erpId });
        return 'already-synced';
      }
      if (!current || attempt >= WRITE_ATTEMPTS) throw error;
      order = current;
    }
  }
};
