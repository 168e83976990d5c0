import { orderPlaced } from '#shared/orders/order.events.ts';
import { syncOrder } from '#shared/orders/order-sync.service.ts';
import { createEventConsumer } from '#shared/platform/events/event-consumer.ts';
import { logger } from '#shared/platform/logger.ts';

/**
 * The ERP connector: `order.placed` from the `erp-sync` queue → `POST {ERP_URL}/orders`. A record
 * whose order the ERP did not take is reported as failed; the queue retries it and moves it to the
 * DLQ after maxReceiveCount (`frontoffice redrive erp` brings it back).
 */
export const { consume, handler } = createEventConsumer(orderPlaced, async (event, record) => {
  try {
    await syncOrder(event.subject.id);
  } catch (error) {
    logger.warn('Order not synced to the ERP', {
      orderId: event.subject.id,
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      reason: (error as Error).message,
    });
    throw error;
  }
});
