import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { ListProductsQuery, Product } from './product.schema.ts';

/** Key layout of products; docs/data-model.md lists the access patterns these keys serve. */
export const PRODUCT_ENTITY = 'product';

/** Products are keyed by SKU, the natural key the ERP and the quotes use. */
export const productKey = (sku: string) => ({ pk: `PRODUCT#${sku}`, sk: 'PRODUCT' });

const availability = (available: boolean): string => (available ? 'AVAILABLE' : 'UNAVAILABLE');

export const productItem = (product: Product): StoredItem => ({
  ...productKey(product.sku),
  entity: PRODUCT_ENTITY,
  // The price list, available products first, then by SKU; `?available=` is a key prefix.
  gsi4pk: 'PRODUCTS',
  gsi4sk: `${availability(product.available)}#${product.sku}`,
  ...product,
});

export const productFromItem = (item: Record<string, unknown>): Product =>
  withoutStorageAttributes<Product>(item);

export const productListQuery = (query: ListProductsQuery): QuerySpec => ({
  index: 'gsi4',
  pk: 'PRODUCTS',
  ...(query.available === undefined ? {} : { skPrefix: `${availability(query.available)}#` }),
  limit: query.limit,
  cursor: query.cursor,
});
