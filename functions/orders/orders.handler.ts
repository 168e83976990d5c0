import { ordersApi } from '#shared/orders/order.api.ts';
import { findOrder, listOrders } from '#shared/orders/order.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/orders. */
export const { handle, handler } = createHttpHandler(ordersApi, {
  listOrders: async ({ query }) => ({ body: await listOrders(query) }),
  getOrder: async ({ params }) => {
    const order = await findOrder(params.id);
    return { body: order, version: order.version };
  },
});
