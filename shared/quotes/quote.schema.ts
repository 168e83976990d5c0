import Big from 'big.js';
import * as z from 'zod';
import { LANGUAGES } from '#shared/contacts/contact.schema.ts';
import { orderLineSchema, orderSchema } from '#shared/orders/order.schema.ts';
import { cursorSchema, idSchema, limitSchema, pageOf, recordMeta } from '#shared/platform/http/schemas.ts';
import { CURRENCIES, decimalString, moneySchema, percentSchema } from '#shared/platform/money.ts';
import { priceSchema, skuSchema } from '#shared/products/product.schema.ts';

export const QUOTE_STATUSES = ['draft', 'pending_approval', 'approved', 'rejected', 'accepted'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** The statuses in which a quote may still be edited and submitted. */
export const EDITABLE_STATUSES: readonly QuoteStatus[] = ['draft', 'rejected'];

export const MAX_QUOTE_LINES = 100;

const quantitySchema = decimalString.refine((value) => new Big(value).gt(0), 'Must be greater than 0.');

/** A line as the caller writes it; price and tax rate default to the product's. */
export const quoteLineInput = z.strictObject({
  sku: skuSchema,
  quantity: quantitySchema,
  unitPrice: priceSchema.optional(),
  discountPercent: percentSchema.default('0'),
  taxPercent: percentSchema.optional(),
});
export type QuoteLineInput = z.infer<typeof quoteLineInput>;

/** A priced line; the order freezes exactly these lines of the accepted version. */
export const quoteLineSchema = orderLineSchema;
export type QuoteLine = z.infer<typeof quoteLineSchema>;

const linesInput = z.array(quoteLineInput).max(MAX_QUOTE_LINES);
const notes = z.string().trim().min(1).max(4000).nullable();
/** Quote products the ERP reports unavailable anyway (delivery later); without it they are refused. */
const allowUnavailable = z.boolean().default(false);

export const createQuoteBody = z.strictObject({
  opportunityId: idSchema,
  /** Defaults to the opportunity's currency, else EUR. */
  currency: z.enum(CURRENCIES).optional(),
  /** Last day the offer stands (ISO date); defaults to 30 days after creation. */
  validUntil: z.iso.date().optional(),
  /** Text printed on the document above the lines. */
  notes: notes.optional(),
  lines: linesInput.default([]),
  allowUnavailable,
});
export type CreateQuoteInput = z.infer<typeof createQuoteBody>;

export const updateQuoteBody = z
  .strictObject({
    lines: linesInput.optional(),
    validUntil: z.iso.date().optional(),
    notes: notes.optional(),
    allowUnavailable,
  })
  .refine(
    (body) => body.lines !== undefined || body.validUntil !== undefined || body.notes !== undefined,
    'Name at least one field to change.',
  );
export type UpdateQuoteInput = z.infer<typeof updateQuoteBody>;

export const rejectQuoteBody = z.strictObject({ reason: z.string().trim().min(1).max(1000) });

/** What a version freezes: the content the customer is offered. */
const content = {
  opportunityId: idSchema,
  contactId: idSchema.nullable(),
  accountId: idSchema.nullable(),
  currency: z.enum(CURRENCIES),
  validUntil: z.iso.date(),
  notes: z.string().nullable(),
  lines: z.array(quoteLineSchema),
  net: moneySchema,
  tax: moneySchema,
  total: moneySchema,
  /** The highest line discount: what approval is judged on. */
  maxDiscountPercent: percentSchema,
};

export const quoteSchema = z.strictObject({
  ...recordMeta,
  /** Human-readable number, e.g. Q-2026-00042. */
  number: z.string(),
  ...content,
  ownerId: z.string().nullable(),
  status: z.enum(QUOTE_STATUSES),
  /** Number of submitted versions (0 while never submitted); the latest is the one in force. */
  revision: z.number().int().nonnegative(),
  submittedAt: z.iso.datetime().nullable(),
  /** The manager who approved or rejected; null for an automatic approval within the threshold. */
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  rejectionReason: z.string().nullable(),
  acceptedAt: z.iso.datetime().nullable(),
  orderId: idSchema.nullable(),
});
export type Quote = z.infer<typeof quoteSchema>;

/** An immutable snapshot written on every submit. */
export const quoteVersionSchema = z.strictObject({
  quoteId: idSchema,
  number: z.string(),
  revision: z.number().int().positive(),
  ...content,
  submittedAt: z.iso.datetime(),
  submittedBy: z.string(),
});
export type QuoteVersion = z.infer<typeof quoteVersionSchema>;

export const quoteVersionParams = z.strictObject({
  id: idSchema,
  n: z.coerce.number().int().positive().max(9999),
});

export const listQuotesQuery = z.strictObject({
  opportunityId: idSchema.optional(),
  contactId: idSchema.optional(),
  status: z.enum(QUOTE_STATUSES).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListQuotesQuery = z.infer<typeof listQuotesQuery>;

export const quoteDocumentQuery = z.strictObject({
  /** Overrides the contact's language. */
  lang: z.enum(LANGUAGES).optional(),
});

export const quotePage = pageOf(quoteSchema);
export const quoteVersionList = z.strictObject({ items: z.array(quoteVersionSchema) });
export const acceptedQuoteSchema = z.strictObject({ quote: quoteSchema, order: orderSchema });
