import { orderItem } from '#shared/orders/order.entity.ts';
import { orderInvoiced } from '#shared/orders/order.events.ts';
import type { Order } from '#shared/orders/order.schema.ts';
import { findOrder } from '#shared/orders/order.service.ts';
import { epochSeconds, nowIso } from '#shared/platform/clock.ts';
import { nextRecordMeta } from '#shared/platform/db/record.ts';
import { getItem } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import { IdempotentReplay } from '#shared/platform/http/idempotency.ts';
import { logger } from '#shared/platform/logger.ts';
import { applyErpProductUpdate } from '#shared/products/product.service.ts';
import { erpCallbackItem, erpCallbackKey } from './erp-callback.entity.ts';
import type { ErpCallback, ErpCallbackResult, InvoiceCallback } from './erp-callback.schema.ts';
import { erpCallbackSecret } from './erp-config.ts';
import { verifyErpSignature } from './erp-signature.ts';

const duplicate = (eventId: string): ErpCallbackResult => ({ eventId, outcome: 'duplicate' });

/** Invoice state onto the order, with `order.invoiced`, in the callback's transaction. */
const applyInvoice = async (callback: InvoiceCallback, uow: UnitOfWork): Promise<'applied' | 'stale'> => {
  const order = await findOrder(callback.orderId);
  if (order.erpId && order.erpId !== callback.erpId) {
    throw conflict(`Order ${order.id} is known to the ERP under another id.`);
  }
  // Callbacks can arrive out of order: one older than the invoice state stored changes nothing.
  if (order.invoice && Date.parse(order.invoice.at) >= Date.parse(callback.at)) return 'stale';
  const next: Order = {
    ...order,
    ...nextRecordMeta(order),
    status: order.status === 'cancelled' ? 'cancelled' : 'invoiced',
    erpId: order.erpId ?? callback.erpId,
    invoice: { number: callback.invoiceNumber, status: callback.status, at: callback.at },
    invoicedAt: order.invoicedAt ?? callback.at,
  };
  uow.replace(orderItem(next), order.version, () =>
    conflict(`Order ${order.id} changed at the same moment; send the callback again.`),
  );
  uow.emit(orderInvoiced, order.id, {
    erpId: next.erpId,
    invoiceNumber: callback.invoiceNumber,
    invoiceStatus: callback.status,
  });
  return 'applied';
};

/**
 * An ERP callback: the signature over `<timestamp>.<raw body>` is checked first (401 and nothing
 * changed when it is missing, forged or stale); then the callback's eventId is claimed in the same
 * transaction as the change, so a replay (sequential or concurrent) changes nothing and answers
 * `duplicate`.
 */
export const receiveErpCallback = async (
  request: { body: ErpCallback; rawBody: string; signature: string | undefined },
  uow: UnitOfWork,
): Promise<ErpCallbackResult> => {
  const check = verifyErpSignature(
    request.signature,
    request.rawBody,
    await erpCallbackSecret(),
    epochSeconds(),
  );
  if (!check.ok) {
    logger.warn('ERP callback refused', { reason: check.reason });
    throw new AppError('unauthorized', check.reason);
  }
  const { body } = request;
  if (await getItem(erpCallbackKey(body.eventId))) return duplicate(body.eventId);
  // A concurrent replay loses the conditional put; it answers like a sequential one.
  uow.create(
    erpCallbackItem(body.eventId, body.type, nowIso()),
    () =>
      new IdempotentReplay({
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(duplicate(body.eventId)),
      }),
    10,
  );
  if (body.type === 'invoice') {
    return { eventId: body.eventId, outcome: await applyInvoice(body, uow) };
  }
  const { type: _type, eventId: _eventId, ...update } = body;
  await applyErpProductUpdate(update, uow);
  return { eventId: body.eventId, outcome: 'applied' };
};
