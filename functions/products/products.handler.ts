import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { productsApi } from '#shared/products/product.api.ts';
import { findProduct, listProducts, putProduct } from '#shared/products/product.service.ts';

/** Lambda entry for /v1/products. */
export const { handle, handler } = createHttpHandler(productsApi, {
  putProduct: async ({ params, body, ifMatch, uow }) => {
    const product = await putProduct(params.sku, body, ifMatch, uow);
    return { body: product, version: product.version };
  },
  listProducts: async ({ query }) => ({ body: await listProducts(query) }),
  getProduct: async ({ params }) => {
    const product = await findProduct(params.sku);
    return { body: product, version: product.version };
  },
});
