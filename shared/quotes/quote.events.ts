import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { moneySchema, percentSchema } from '#shared/platform/money.ts';
import { QUOTE_STATUSES } from './quote.schema.ts';

// Ids, amounts, discounts and statuses only: no names, no free text (a rejection reason may name
// people), so the analytics lake holds no personal data.

const figures = {
  opportunityId: z.string(),
  /** The submitted version the event is about. */
  revision: z.number().int().positive(),
  net: moneySchema,
  total: moneySchema,
  maxDiscountPercent: percentSchema,
};

export const quoteSubmitted = defineEvent({
  name: 'quote.submitted',
  version: 1,
  subjectType: 'quote',
  data: z.strictObject({
    ...figures,
    tax: moneySchema,
    lineCount: z.number().int().nonnegative(),
    approvalRequired: z.boolean(),
    status: z.enum(QUOTE_STATUSES),
  }),
});

export const quoteApproved = defineEvent({
  name: 'quote.approved',
  version: 1,
  subjectType: 'quote',
  data: z.strictObject({
    ...figures,
    /** True when the discount was within the threshold and no manager had to decide. */
    automatic: z.boolean(),
  }),
});

export const quoteRejected = defineEvent({
  name: 'quote.rejected',
  version: 1,
  subjectType: 'quote',
  data: z.strictObject(figures),
});

export const quoteAccepted = defineEvent({
  name: 'quote.accepted',
  version: 1,
  subjectType: 'quote',
  data: z.strictObject({ ...figures, tax: moneySchema, orderId: z.string() }),
});
