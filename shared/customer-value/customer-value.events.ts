import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { CURRENCIES } from '#shared/platform/money.ts';

/**
 * A contact's customer value or churn risk changed (by an event, or by time in the daily pass).
 * Figures only; the segment indexer copies the current published figures into the profile.
 */
export const customerValueChanged = defineEvent({
  name: 'customer.value_changed',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({
    /** Lifetime net revenue in `currency`; null without an order in it. */
    customerValue: z.number().nullable(),
    currency: z.enum(CURRENCIES),
    /** 0–100; null for a contact without orders. */
    churnRisk: z.number().int().min(0).max(100).nullable(),
    previousCustomerValue: z.number().nullable(),
    previousChurnRisk: z.number().int().min(0).max(100).nullable(),
    /** `event`: a business event changed the facts; `daily`: time alone moved the churn risk. */
    cause: z.enum(['event', 'daily']),
  }),
});
