import Big from 'big.js';
import * as z from 'zod';
import { cursorSchema, limitSchema, pageOf, recordMeta } from '#shared/platform/http/schemas.ts';
import { moneySchema, percentSchema } from '#shared/platform/money.ts';

/** A stock keeping unit as the ERP names it: letters, digits, `.`, `_`, `-`; case is kept. */
export const skuSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Must be a SKU of letters, digits, ".", "_" or "-".');

/** A price of a price list: never negative. */
export const priceSchema = moneySchema.refine(
  (price) => new Big(price.amount).gte(0),
  'A price must not be negative.',
);

export const productSchema = z.strictObject({
  ...recordMeta,
  sku: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** Unit of sale, e.g. "piece", "hour", "licence". */
  unit: z.string(),
  price: moneySchema,
  taxPercent: percentSchema,
  /** Deliverable now (the ERP's view); unavailable products need an explicit override on a quote. */
  available: z.boolean(),
  /** Still on the price list; inactive products cannot be quoted. */
  active: z.boolean(),
  /** When the ERP last pushed price or availability (null: maintained in Front Office only). */
  erpUpdatedAt: z.iso.datetime().nullable(),
});
export type Product = z.infer<typeof productSchema>;

export const productParams = z.strictObject({ sku: skuSchema });

/** The whole product as PUT replaces it (an upsert keyed by SKU). */
export const putProductBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000).nullable().default(null),
  unit: z.string().trim().min(1).max(30).default('piece'),
  price: priceSchema,
  taxPercent: percentSchema,
  available: z.boolean().default(true),
  active: z.boolean().default(true),
});
export type PutProductInput = z.infer<typeof putProductBody>;

/** What the ERP pushes for one product: price and availability, and for a new product its name. */
export const erpProductUpdateSchema = z.strictObject({
  sku: skuSchema,
  name: z.string().trim().min(1).max(200).optional(),
  price: priceSchema.optional(),
  taxPercent: percentSchema.optional(),
  available: z.boolean().optional(),
  /** When the ERP made the change; an older push than the last one applied changes nothing. */
  at: z.iso.datetime(),
});
export type ErpProductUpdate = z.infer<typeof erpProductUpdateSchema>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listProductsQuery = z.strictObject({
  available: booleanQuery.optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const productPage = pageOf(productSchema);
