import * as z from 'zod';
import { cursorSchema, idSchema, limitSchema, pageOf, recordMeta } from '#shared/platform/http/schemas.ts';
import { ruleSchema } from './segment.rule.ts';

export const SEGMENT_STATES = ['building', 'ready'] as const;
export type SegmentState = (typeof SEGMENT_STATES)[number];

const name = z.string().trim().min(1).max(120);
const description = z.string().trim().max(1000).nullable();

export const createSegmentBody = z.strictObject({
  name,
  description: description.optional(),
  rule: ruleSchema,
});
export type CreateSegmentInput = z.infer<typeof createSegmentBody>;

export const updateSegmentBody = z
  .strictObject({ name, description, rule: ruleSchema })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');
export type UpdateSegmentInput = z.infer<typeof updateSegmentBody>;

/** The stored segment; `generation` counts rule changes, each one rebuilds the membership. */
export const storedSegmentSchema = z.strictObject({
  ...recordMeta,
  name: z.string(),
  description: z.string().nullable(),
  rule: ruleSchema,
  generation: z.number().int().positive(),
});
export type Segment = z.infer<typeof storedSegmentSchema>;

export const segmentSchema = storedSegmentSchema.extend({
  state: z.enum(SEGMENT_STATES),
  memberCount: z.number().int().nonnegative(),
});
export type SegmentView = z.infer<typeof segmentSchema>;

export const listSegmentsQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export type ListSegmentsQuery = z.infer<typeof listSegmentsQuery>;
export const segmentPage = pageOf(segmentSchema);

export const segmentCountSchema = z.strictObject({
  segmentId: idSchema,
  count: z.number().int().nonnegative(),
  state: z.enum(SEGMENT_STATES),
  generation: z.number().int().positive(),
});
export type SegmentCount = z.infer<typeof segmentCountSchema>;

export const membersQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export const memberSchema = z.strictObject({
  contactId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
});
export const memberPage = pageOf(memberSchema);
