import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { moneySchema } from '#shared/platform/money.ts';
import { INVOICE_STATUSES } from './order.schema.ts';

// Ids, amounts and statuses only: the lake computes revenue from these, without personal data.

export const orderPlaced = defineEvent({
  name: 'order.placed',
  version: 1,
  subjectType: 'order',
  data: z.strictObject({
    quoteId: z.string(),
    opportunityId: z.string().nullable(),
    contactId: z.string().nullable(),
    accountId: z.string().nullable(),
    ownerId: z.string().nullable(),
    net: moneySchema,
    tax: moneySchema,
    total: moneySchema,
    lineCount: z.number().int().nonnegative(),
  }),
});

export const orderSynced = defineEvent({
  name: 'order.synced',
  version: 1,
  subjectType: 'order',
  data: z.strictObject({ erpId: z.string() }),
});

export const orderInvoiced = defineEvent({
  name: 'order.invoiced',
  version: 1,
  subjectType: 'order',
  data: z.strictObject({
    erpId: z.string().nullable(),
    invoiceNumber: z.string(),
    invoiceStatus: z.enum(INVOICE_STATUSES),
  }),
});
