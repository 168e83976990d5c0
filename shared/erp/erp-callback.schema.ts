import * as z from 'zod';
import { INVOICE_STATUSES } from '#shared/orders/order.schema.ts';
import { idSchema } from '#shared/platform/http/schemas.ts';
import { erpProductUpdateSchema } from '#shared/products/product.schema.ts';

/** The ERP's id of this callback: a replay with the same id changes nothing. */
const eventIdSchema = z.string().trim().min(1).max(200);

/** Invoice status of an order, as the ERP reports it. */
export const invoiceCallbackSchema = z.strictObject({
  type: z.literal('invoice'),
  eventId: eventIdSchema,
  orderId: idSchema,
  erpId: z.string().trim().min(1).max(200),
  invoiceNumber: z.string().trim().min(1).max(100),
  status: z.enum(INVOICE_STATUSES),
  /** When the ERP made the change; an older callback than the invoice state stored changes nothing. */
  at: z.iso.datetime(),
});
export type InvoiceCallback = z.infer<typeof invoiceCallbackSchema>;

/** Price and availability of a product, pushed by the ERP. */
export const productCallbackSchema = erpProductUpdateSchema.extend({
  type: z.literal('product'),
  eventId: eventIdSchema,
});
export type ProductCallback = z.infer<typeof productCallbackSchema>;

export const erpCallbackBody = z.discriminatedUnion('type', [invoiceCallbackSchema, productCallbackSchema]);
export type ErpCallback = z.infer<typeof erpCallbackBody>;

export const erpCallbackResponse = z.strictObject({
  eventId: z.string(),
  /** `applied`: the change was made; `duplicate`: this eventId was processed before; `stale`: older than what is stored. */
  outcome: z.enum(['applied', 'duplicate', 'stale']),
});
export type ErpCallbackResult = z.infer<typeof erpCallbackResponse>;
