import { assertVersion, newRecordMeta, nextRecordMeta, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict, preconditionFailed } from '#shared/platform/errors.ts';
import { productFromItem, productItem, productKey, productListQuery } from './product.entity.ts';
import type { ErpProductUpdate, ListProductsQuery, Product, PutProductInput } from './product.schema.ts';

const productTaken = (sku: string) => () =>
  conflict(`Product ${sku} was just created by someone else; read it and retry.`);

/** The product, or undefined (quotes look products up without failing). */
export const readProduct = async (sku: string): Promise<Product | undefined> => {
  const item = await getItem(productKey(sku));
  return item ? productFromItem(item) : undefined;
};

export const findProduct = (sku: string): Promise<Product> =>
  findRecord(productKey(sku), productFromItem, 'Product', sku);

const sameContent = (current: Product, next: Product): boolean =>
  JSON.stringify({ ...current, updatedAt: '', version: 0 }) ===
  JSON.stringify({ ...next, updatedAt: '', version: 0 });

/**
 * Creates or replaces the product of a SKU (PUT). `If-Match` names the version the caller read;
 * on a product that does not exist yet it cannot match (412). Writing the same content again
 * changes nothing, so a retried PUT keeps the version.
 */
export const putProduct = async (
  sku: string,
  input: PutProductInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Product> => {
  const current = await readProduct(sku);
  if (!current) {
    if (ifMatch !== undefined) throw preconditionFailed(ifMatch, 0);
    const product: Product = { ...newRecordMeta(), sku, ...input, erpUpdatedAt: null };
    uow.create(productItem(product), productTaken(sku));
    return product;
  }
  assertVersion(current, ifMatch);
  const next: Product = { ...current, ...input, ...nextRecordMeta(current) };
  if (sameContent(current, next)) return current;
  uow.replace(productItem(next), current.version, staleVersion('product', current.version));
  return next;
};

export const listProducts = async (
  query: ListProductsQuery,
): Promise<{ items: Product[]; nextCursor: string | null }> => {
  const page = await queryPage(productListQuery(query));
  return { items: page.items.map(productFromItem), nextCursor: page.nextCursor };
};

/**
 * Applies a price or availability change pushed by the ERP (called by the ERP callback endpoint,
 * after it verified the signature). Pushes can arrive late or twice: one older than the last push
 * applied changes nothing. A SKU the price list does not know yet is created when the push names
 * it fully (name, price, tax rate); otherwise it is refused with 422.
 */
export const applyErpProductUpdate = async (update: ErpProductUpdate, uow: UnitOfWork): Promise<Product> => {
  const current = await readProduct(update.sku);
  const { sku, at, ...fields } = update;
  if (!current) {
    if (!fields.name || !fields.price || fields.taxPercent === undefined) {
      throw new AppError(
        'unprocessable',
        `Product ${sku} is not on the price list; a push for a new product needs name, price and taxPercent.`,
      );
    }
    const product: Product = {
      ...newRecordMeta(),
      sku,
      name: fields.name,
      description: null,
      unit: 'piece',
      price: fields.price,
      taxPercent: fields.taxPercent,
      available: fields.available ?? true,
      active: true,
      erpUpdatedAt: at,
    };
    uow.create(productItem(product), productTaken(sku));
    return product;
  }
  if (current.erpUpdatedAt && Date.parse(current.erpUpdatedAt) >= Date.parse(at)) return current;
  const next: Product = {
    ...current,
    ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    ...nextRecordMeta(current),
    erpUpdatedAt: at,
  };
  uow.replace(productItem(next), current.version, staleVersion('product', current.version));
  return next;
};
