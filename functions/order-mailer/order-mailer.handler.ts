import { orderPlaced } from '#shared/orders/order.events.ts';
import { sendOrderConfirmation } from '#shared/orders/order-confirmation.service.ts';
import { createEventConsumer } from '#shared/platform/events/event-consumer.ts';

/**
 * Order confirmation mail: `order.placed` from the `order-confirmation` queue → SES v2, once per
 * order, in the contact's language. A failed send fails only its record (partial batch response).
 */
export const { consume, handler } = createEventConsumer(orderPlaced, async (event) => {
  await sendOrderConfirmation(event.subject.id);
});
