import * as z from 'zod';
import { emailSchema } from '#shared/contacts/contact.schema.ts';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  pageOf,
  patchOf,
  recordMeta,
  userIdSchema,
} from '#shared/platform/http/schemas.ts';
import { moneySchema } from '#shared/platform/money.ts';

export const LEAD_STATUSES = ['new', 'working', 'mql', 'disqualified', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
/** Statuses in which a lead still occupies a slot of its owner's capacity. */
export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = ['new', 'working', 'mql'];

export const LEAD_TIMINGS = ['immediate', 'this_quarter', 'this_year', 'later', 'unknown'] as const;

/** Behaviour that scores a lead (`POST /v1/leads/{id}/events`); points per type live in `lead-scoring`. */
export const BEHAVIOUR_TYPES = [
  'page_view',
  'whitepaper_download',
  'webinar_registered',
  'webinar_attended',
  'demo_request',
  'trial_signup',
  'form_submission',
  'email_open',
  'email_click',
  'unsubscribe',
] as const;
export type BehaviourType = (typeof BEHAVIOUR_TYPES)[number];

/** Where a lead came from: `web_form:<formId>`, `api`, `campaign:<id>`, `event:<name>`, `import`. */
export const leadSourceSchema = z
  .string()
  .trim()
  .regex(
    /^(api|import|web_form:[0-9A-HJKMNP-TV-Z]{26}|campaign:[\w.-]{1,100}|event:[\w .-]{1,100})$/,
    'Must be api, import, web_form:<formId>, campaign:<id> or event:<name>.',
  );

const text = (max: number) => z.string().trim().min(1).max(max);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()/.-]{3,29}$/, 'Must be a phone number such as +49 89 1234567.');
/** ISO 3166-1 alpha-2, upper case ("de" → "DE"). */
export const countrySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'Must be an ISO 3166 country code such as DE.');

/** The fields a person or a form gives; a returning person fills those still empty. */
export const captureFields = {
  firstName: text(100),
  lastName: text(100),
  company: text(200),
  phone,
  message: text(5000),
  country: countrySchema,
};

const editable = {
  ...captureFields,
  territory: text(100),
  team: text(100),
  ownerId: userIdSchema,
  /** BANT: budget (money), authority (role in the decision), need, timing. */
  budget: moneySchema,
  authority: text(200),
  need: text(2000),
  timing: z.enum(LEAD_TIMINGS),
};

const nullableEditable = Object.fromEntries(
  Object.entries(editable).map(([key, schema]) => [key, schema.nullable()]),
) as { [K in keyof typeof editable]: z.ZodNullable<(typeof editable)[K]> };

export const createLeadBody = z
  .strictObject(editable)
  .partial()
  .extend({ email: emailSchema, source: leadSourceSchema.default('api') });
export type CreateLeadInput = z.infer<typeof createLeadBody>;

export const updateLeadBody = patchOf({
  ...nullableEditable,
  /** `mql` comes from scoring and `converted` from conversion; people set the rest. */
  status: z.enum(['new', 'working', 'disqualified']),
});
export type UpdateLeadInput = z.infer<typeof updateLeadBody>;

const nullableString = z.string().nullable().optional();

export const leadSchema = z.strictObject({
  ...recordMeta,
  email: z.string(),
  firstName: nullableString,
  lastName: nullableString,
  company: nullableString,
  phone: nullableString,
  message: nullableString,
  country: nullableString,
  territory: nullableString,
  team: nullableString,
  ownerId: nullableString,
  budget: moneySchema.nullable().optional(),
  authority: nullableString,
  need: nullableString,
  timing: z.enum(LEAD_TIMINGS).nullable().optional(),
  source: z.string(),
  status: z.enum(LEAD_STATUSES),
  score: z.number().int(),
  /** Points of the profile rules that match now, by rule id (the rest of the score is behaviour). */
  profilePoints: z.record(z.string(), z.number().int()),
  /** Behaviour points per day and rule, for daily caps (last 7 days). */
  dailyPoints: z.record(z.string(), z.number().int()),
  contactId: nullableString,
  accountId: nullableString,
  qualifiedAt: nullableString,
  assignedAt: nullableString,
  /** Set by conversion: the opportunity it created (contact and account are in contactId/accountId). */
  opportunityId: nullableString,
  convertedAt: nullableString,
  /** How many submissions (forms, API, imports) this person made. */
  submissions: z.number().int().nonnegative(),
});
export type Lead = z.infer<typeof leadSchema>;

export const listLeadsQuery = z.strictObject({
  email: emailSchema.optional(),
  status: z.enum(LEAD_STATUSES).optional(),
  ownerId: userIdSchema.optional(),
  contactId: idSchema.optional(),
  accountId: idSchema.optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListLeadsQuery = z.infer<typeof listLeadsQuery>;

export const leadPage = pageOf(leadSchema);

export const behaviourBody = z.strictObject({
  type: z.enum(BEHAVIOUR_TYPES),
  occurredAt: z.iso.datetime().optional(),
  url: z.url().max(2000).optional(),
  data: z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean()])).optional(),
});
export type BehaviourInput = z.infer<typeof behaviourBody>;

export const scoreChangeSchema = z.strictObject({
  id: z.string(),
  leadId: z.string(),
  points: z.number().int(),
  reason: z.string(),
  rule: z.string(),
  scoreAfter: z.number().int(),
  at: z.iso.datetime(),
  actorId: z.string(),
});
export type ScoreChange = z.infer<typeof scoreChangeSchema>;

export const scoreHistoryQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export const scoreHistoryPage = pageOf(scoreChangeSchema);

/** The lead after a behaviour event, with the changes it caused. */
export const behaviourResultSchema = z.strictObject({
  lead: leadSchema,
  points: z.number().int(),
  changes: z.array(scoreChangeSchema),
  qualified: z.boolean(),
});

export const assignBody = z.strictObject({
  /** Assign to this owner; without it the `lead-assignment` rules pick one. */
  ownerId: userIdSchema.optional(),
});
