import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { READERS } from '#shared/platform/roles.ts';
import {
  listProductsQuery,
  productPage,
  productParams,
  productSchema,
  putProductBody,
} from './product.schema.ts';

/** The price list (PRODUCT.md section 5): everyone reads, admins and sales managers maintain it. */
export const productsApi = defineFeatureApi({
  functionName: 'products',
  operations: {
    putProduct: defineOperation({
      method: 'PUT',
      path: '/v1/products/{sku}',
      summary: 'Create or replace the product of a SKU; honours If-Match.',
      tag: 'products',
      access: { roles: ['admin', 'sales_manager'] },
      params: productParams,
      body: putProductBody,
      response: productSchema,
      status: 200,
    }),
    listProducts: defineOperation({
      method: 'GET',
      path: '/v1/products',
      summary: 'The price list by SKU, available products first; `?available=true|false` narrows it.',
      tag: 'products',
      access: { roles: READERS },
      query: listProductsQuery,
      response: productPage,
      status: 200,
    }),
    getProduct: defineOperation({
      method: 'GET',
      path: '/v1/products/{sku}',
      summary: 'Get a product by SKU.',
      tag: 'products',
      access: { roles: READERS },
      params: productParams,
      response: productSchema,
      status: 200,
    }),
  },
});
