import * as z from 'zod';
import { accountSchema } from '#shared/accounts/account.schema.ts';
import { contactSchema } from '#shared/contacts/contact.schema.ts';
import { opportunitySchema } from '#shared/opportunities/opportunity.schema.ts';
import { moneySchema } from '#shared/platform/money.ts';
import { leadSchema } from './lead.schema.ts';

export const convertLeadBody = z.strictObject({
  /** Default: "<company or name> – <source>". */
  opportunityName: z.string().trim().min(1).max(200).optional(),
  /** Default: the lead's budget, else 0.00 EUR until the deal is sized. */
  amount: moneySchema.optional(),
  /** Default: 90 days from today. */
  expectedCloseDate: z.iso.date().optional(),
});
export type ConvertLeadInput = z.infer<typeof convertLeadBody>;

export const conversionSchema = z.strictObject({
  lead: leadSchema,
  contact: contactSchema,
  account: accountSchema.nullable(),
  opportunity: opportunitySchema,
  /** Which records conversion created (false: an existing record was matched and linked). */
  created: z.strictObject({ contact: z.boolean(), account: z.boolean() }),
});
export type Conversion = z.infer<typeof conversionSchema>;
