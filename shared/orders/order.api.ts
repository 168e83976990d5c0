import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS } from '#shared/platform/roles.ts';
import { listOrdersQuery, orderPage, orderSchema } from './order.schema.ts';

/**
 * Orders (PRODUCT.md section 5): created by accepting a quote (`POST /v1/quotes/{id}/accept`),
 * moved on by the ERP sync. The API reads them.
 */
export const ordersApi = defineFeatureApi({
  functionName: 'orders',
  operations: {
    listOrders: defineOperation({
      method: 'GET',
      path: '/v1/orders',
      summary: 'Orders newest first, by contact, account and/or status.',
      tag: 'orders',
      access: { roles: READERS },
      query: listOrdersQuery,
      response: orderPage,
      status: 200,
    }),
    getOrder: defineOperation({
      method: 'GET',
      path: '/v1/orders/{id}',
      summary: 'Get an order with its frozen lines, totals, ERP id and invoice status.',
      tag: 'orders',
      access: { roles: READERS },
      params: idParams,
      response: orderSchema,
      status: 200,
    }),
  },
});
