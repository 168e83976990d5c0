import * as z from 'zod';
import { cursorSchema, idSchema, limitSchema, pageOf, recordMeta } from '#shared/platform/http/schemas.ts';
import { CURRENCIES, decimalString, moneySchema, percentSchema } from '#shared/platform/money.ts';

export const ORDER_STATUSES = ['placed', 'synced', 'invoiced', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const INVOICE_STATUSES = ['invoiced', 'paid', 'overdue', 'cancelled'] as const;

/** A line as the accepted quote version priced it; frozen on the order. */
export const orderLineSchema = z.strictObject({
  sku: z.string(),
  name: z.string(),
  quantity: decimalString,
  unitPrice: moneySchema,
  discountPercent: percentSchema,
  taxPercent: percentSchema,
  net: moneySchema,
  tax: moneySchema,
  total: moneySchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderSchema = z.strictObject({
  ...recordMeta,
  quoteId: idSchema,
  /** The quote version that was accepted. */
  quoteVersion: z.number().int().positive(),
  opportunityId: idSchema.nullable(),
  contactId: idSchema.nullable(),
  accountId: idSchema.nullable(),
  ownerId: z.string().nullable(),
  status: z.enum(ORDER_STATUSES),
  currency: z.enum(CURRENCIES),
  lines: z.array(orderLineSchema),
  net: moneySchema,
  tax: moneySchema,
  total: moneySchema,
  /** The ERP's id, once the ERP has taken the order. */
  erpId: z.string().nullable(),
  invoice: z
    .strictObject({ number: z.string(), status: z.enum(INVOICE_STATUSES), at: z.iso.datetime() })
    .nullable(),
  placedAt: z.iso.datetime(),
  syncedAt: z.iso.datetime().nullable(),
  invoicedAt: z.iso.datetime().nullable(),
});
export type Order = z.infer<typeof orderSchema>;

export const listOrdersQuery = z.strictObject({
  contactId: idSchema.optional(),
  accountId: idSchema.optional(),
  status: z.enum(ORDER_STATUSES).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export const orderPage = pageOf(orderSchema);
