import * as z from 'zod';
import { CURRENCIES, decimalString } from '#shared/platform/money.ts';

/**
 * Customer value and churn risk of a contact (docs/customer-value.md). The stored facts are what the
 * events told us; every figure (recency, frequency, RFM, churn risk) is computed from them and a time
 * (`customer-value.model.ts`), so time-dependent parts need no write to stay correct when read.
 */

/** One placed order as the value model needs it (newest first in the facts). */
export const orderFactSchema = z.strictObject({
  orderId: z.string(),
  at: z.iso.datetime(),
  net: decimalString,
  currency: z.enum(CURRENCIES),
});
export type OrderFact = z.infer<typeof orderFactSchema>;

/** Lifetime revenue of one currency: net (what the customer is worth to us) and gross (incl. tax). */
export const revenueSchema = z.strictObject({
  currency: z.enum(CURRENCIES),
  net: decimalString,
  gross: decimalString,
  orders: z.number().int().nonnegative(),
});
export type Revenue = z.infer<typeof revenueSchema>;

/** The figures last published to the segment profiles (`customer.value_changed`). */
export const publishedSchema = z.strictObject({
  customerValue: z.number().nullable(),
  churnRisk: z.number().int().min(0).max(100).nullable(),
});
export type Published = z.infer<typeof publishedSchema>;

export const customerFactsSchema = z.strictObject({
  contactId: z.string(),
  /** Lifetime revenue per currency (never converted: the system has no exchange rates). */
  revenue: z.array(revenueSchema),
  firstOrderAt: z.iso.datetime().nullable(),
  /** The newest orders (at most MAX_ORDER_FACTS), newest first; cancelled orders are removed. */
  orders: z.array(orderFactSchema),
  /** Ids of the contact's tickets that are not resolved or closed. */
  openTickets: z.array(z.string()),
  /** Complaints (complaint tickets, spam complaints about our mail) of the last year, newest first. */
  complaints: z.array(
    z.strictObject({ id: z.string(), at: z.iso.datetime(), source: z.enum(['ticket', 'email']) }),
  ),
  /** Marketing mail: deliveries and the latest engagement (first open / first click per mail). */
  mail: z.strictObject({
    firstDeliveredAt: z.iso.datetime().nullable(),
    lastDeliveredAt: z.iso.datetime().nullable(),
    lastOpenedAt: z.iso.datetime().nullable(),
    lastClickedAt: z.iso.datetime().nullable(),
  }),
  published: publishedSchema,
  version: z.number().int().positive(),
  updatedAt: z.iso.datetime(),
});
export type CustomerFacts = z.infer<typeof customerFactsSchema>;

export const CHURN_FACTORS = ['order_recency', 'complaints', 'open_tickets', 'engagement_decay'] as const;

export const churnFactorSchema = z.strictObject({
  factor: z.enum(CHURN_FACTORS),
  points: z.number(),
  maxPoints: z.number(),
  /** Why: the facts behind the points, in words. */
  explanation: z.string(),
});
export type ChurnFactor = z.infer<typeof churnFactorSchema>;

const score = z.number().int().min(1).max(5);

/** What `GET /v1/contacts/{id}/360` shows as `customerValue` (one entry): figures at read time. */
export const customerValueViewSchema = z.strictObject({
  contactId: z.string(),
  /** The currency of `customerValue` and `monetary365` (docs/customer-value.md: why EUR). */
  currency: z.enum(CURRENCIES),
  /** Lifetime net revenue in `currency`; null without an order in that currency. Used by segments. */
  customerValue: z.number().nullable(),
  revenue: z.array(revenueSchema),
  /** Always null: products carry no cost price, so margin is unknown (docs/customer-value.md). */
  margin: z.null(),
  orderCount: z.number().int().nonnegative(),
  firstOrderAt: z.iso.datetime().nullable(),
  lastOrderAt: z.iso.datetime().nullable(),
  /** Whole days since the last order; null without orders. */
  recencyDays: z.number().int().nonnegative().nullable(),
  /** Orders in the last 365 days. */
  frequency365: z.number().int().nonnegative(),
  /** Net revenue of the last 365 days in `currency`. */
  monetary365: decimalString,
  /** The customer's usual days between orders (median gap), or the default for a single order. */
  usualIntervalDays: z.number().nullable(),
  rfm: z.strictObject({ recency: score, frequency: score, monetary: score, code: z.string() }).nullable(),
  /** 0 to 100, the sum of the factors; null for a contact who never ordered (not a customer yet). */
  churnRisk: z.number().int().min(0).max(100).nullable(),
  churnFactors: z.array(churnFactorSchema),
  computedAt: z.iso.datetime(),
});
export type CustomerValueView = z.infer<typeof customerValueViewSchema>;
