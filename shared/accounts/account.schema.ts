import * as z from 'zod';
import {
  cursorSchema,
  limitSchema,
  pageOf,
  patchOf,
  recordMeta,
  userIdSchema,
} from '#shared/platform/http/schemas.ts';

/** "https://www.Mueller-Maschinenbau.de/" → "mueller-maschinenbau.de": one form to match email domains on. */
export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) =>
    value
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\./, '')
      .replace(/\/.*$/, ''),
  )
  .pipe(
    z
      .string()
      .regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z0-9-]{2,63}$/, 'Must be a domain such as example.com.'),
  );

const addressSchema = z.strictObject({
  street: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().max(20).optional(),
  city: z.string().trim().max(100).optional(),
  /** ISO 3166-1 alpha-2, e.g. DE. */
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'Must be an ISO country code such as DE.')
    .optional(),
});

const editable = {
  name: z.string().trim().min(1).max(200),
  domain: domainSchema.nullable(),
  industry: z.string().trim().min(1).max(100).nullable(),
  ownerId: userIdSchema.nullable(),
  phone: z.string().trim().min(3).max(40).nullable(),
  website: z.url().max(300).nullable(),
  employeeCount: z.number().int().nonnegative().nullable(),
  address: addressSchema.nullable(),
};

export const createAccountBody = z.strictObject({
  name: editable.name,
  domain: editable.domain.optional(),
  industry: editable.industry.optional(),
  ownerId: editable.ownerId.optional(),
  phone: editable.phone.optional(),
  website: editable.website.optional(),
  employeeCount: editable.employeeCount.optional(),
  address: editable.address.optional(),
});
export type CreateAccountInput = z.infer<typeof createAccountBody>;

export const updateAccountBody = patchOf(editable);
export type UpdateAccountInput = z.infer<typeof updateAccountBody>;

export const accountSchema = z.strictObject({
  ...recordMeta,
  name: z.string(),
  domain: z.string().nullable().optional(),
  industry: z.string().nullable().optional(),
  ownerId: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  website: z.string().nullable().optional(),
  employeeCount: z.number().nullable().optional(),
  address: addressSchema.nullable().optional(),
});
export type Account = z.infer<typeof accountSchema>;

export const listAccountsQuery = z.strictObject({
  ownerId: userIdSchema.optional(),
  domain: domainSchema.optional(),
  /** Prefix of the name, umlaut-tolerant. */
  q: z.string().trim().min(1).max(100).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListAccountsQuery = z.infer<typeof listAccountsQuery>;

export const accountPage = pageOf(accountSchema);
