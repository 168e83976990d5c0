import * as z from 'zod';
import { ULID_PATTERN } from '../ids.ts';

/** Shared pieces of request and response schemas. */
export const idSchema = z.string().regex(ULID_PATTERN, 'Must be a ULID.');
export const idParams = z.strictObject({ id: idSchema });

export const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
export const cursorSchema = z.string().min(1).max(2048).optional();

/** Every stored record carries these. */
export const recordMeta = {
  id: idSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
};

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });

/** A user id as the identity provider issues it (Cognito `sub`, a UUID; locally any short id). */
export const userIdSchema = z.string().trim().min(1).max(128);

/** A PATCH body: any of the editable fields, at least one, nothing else. */
export const patchOf = <Shape extends z.ZodRawShape>(fields: Shape) =>
  z
    .strictObject(fields)
    .partial()
    .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');
