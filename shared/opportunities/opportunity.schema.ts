import * as z from 'zod';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  pageOf,
  patchOf,
  recordMeta,
  userIdSchema,
} from '#shared/platform/http/schemas.ts';
import { CURRENCIES, decimalString, moneySchema, percentSchema } from '#shared/platform/money.ts';

/** The stage names are fixed by PRODUCT.md; their order and probabilities come from the `opportunity-stages` setting. */
export const STAGES = ['qualification', 'proposal', 'negotiation', 'closed_won', 'closed_lost'] as const;
export type Stage = (typeof STAGES)[number];
export const CLOSED_STAGES: readonly Stage[] = ['closed_won', 'closed_lost'];
export const isClosed = (stage: Stage): boolean => CLOSED_STAGES.includes(stage);

/** A calendar date, `2026-03-31`. */
export const dateSchema = z.iso.date();

/** A lost reason as configured in the `lost-reasons` setting: a short slug such as `price`. */
export const reasonSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Must be a lost reason such as "price" (see the lost-reasons setting).');

/**
 * Kanban position within a stage: a key compared as a string ("a" < "am" < "b"), so a card moves
 * between two neighbours by taking a key between theirs (`rankBetween`); no other card is rewritten.
 */
export const rankSchema = z
  .string()
  .regex(/^[0-9a-z]{1,40}$/, 'Must be 1 to 40 characters 0-9 and a-z, compared as a string.');

const editable = {
  name: z.string().trim().min(1).max(200),
  accountId: idSchema.nullable(),
  contactId: idSchema.nullable(),
  leadId: idSchema.nullable(),
  amount: moneySchema,
  /** An explicit probability (0..100) overrides the stage's; `null` makes it follow the stage again. */
  probability: percentSchema.nullable(),
  expectedCloseDate: dateSchema,
  ownerId: userIdSchema.nullable(),
  description: z.string().max(20_000).nullable(),
};

const lostReasonRequired = (body: { stage?: Stage | undefined; lostReason?: string | null | undefined }) =>
  body.stage !== 'closed_lost' || typeof body.lostReason === 'string';
const lostReasonMessage = { message: 'A lost opportunity needs a lostReason.', path: ['lostReason'] };

export const createOpportunityBody = z
  .strictObject({
    name: editable.name,
    accountId: editable.accountId.optional(),
    contactId: editable.contactId.optional(),
    leadId: editable.leadId.optional(),
    amount: editable.amount,
    probability: editable.probability.optional(),
    expectedCloseDate: editable.expectedCloseDate,
    ownerId: editable.ownerId.optional(),
    description: editable.description.optional(),
    stage: z.enum(STAGES).default('qualification'),
    lostReason: reasonSchema.optional(),
    rank: rankSchema.optional(),
  })
  .refine(lostReasonRequired, lostReasonMessage);
export type CreateOpportunityInput = z.infer<typeof createOpportunityBody>;

/** PATCH changes fields, never the stage: stage moves go through `POST …/stage`, which keeps history. */
export const updateOpportunityBody = patchOf(editable);
export type UpdateOpportunityInput = z.infer<typeof updateOpportunityBody>;

export const changeStageBody = z
  .strictObject({
    stage: z.enum(STAGES),
    lostReason: reasonSchema.optional(),
    rank: rankSchema.optional(),
    /** Overrides the new stage's probability; without it the stage's configured probability applies. */
    probability: percentSchema.optional(),
  })
  .refine(lostReasonRequired, lostReasonMessage);
export type ChangeStageInput = z.infer<typeof changeStageBody>;

export const opportunitySchema = z.strictObject({
  ...recordMeta,
  name: z.string(),
  accountId: z.string().nullable(),
  contactId: z.string().nullable(),
  leadId: z.string().nullable(),
  amount: moneySchema,
  stage: z.enum(STAGES),
  /** The probability in force, a percentage as a decimal string. */
  probability: z.string(),
  /** True when `probability` was set explicitly instead of following the stage. */
  probabilityOverridden: z.boolean(),
  expectedCloseDate: z.string(),
  lostReason: z.string().nullable(),
  ownerId: z.string().nullable(),
  description: z.string().nullable(),
  rank: z.string(),
  stageEnteredAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  wonAt: z.iso.datetime().nullable(),
  lostAt: z.iso.datetime().nullable(),
});
export type Opportunity = z.infer<typeof opportunitySchema>;

/** One stage change, kept for sales-cycle analysis. */
export const stageChangeSchema = z.strictObject({
  id: idSchema,
  opportunityId: idSchema,
  from: z.enum(STAGES).nullable(),
  to: z.enum(STAGES),
  at: z.iso.datetime(),
  actorId: z.string(),
  amount: moneySchema,
  probability: z.string(),
  lostReason: z.string().nullable(),
});
export type StageChange = z.infer<typeof stageChangeSchema>;

export const listOpportunitiesQuery = z.strictObject({
  ownerId: userIdSchema.optional(),
  accountId: idSchema.optional(),
  contactId: idSchema.optional(),
  stage: z.enum(STAGES).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListOpportunitiesQuery = z.infer<typeof listOpportunitiesQuery>;

export const opportunityPage = pageOf(opportunitySchema);
export const stageHistoryPage = pageOf(stageChangeSchema);

export const historyQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });

/** Figures of one currency: amounts as exact decimal strings, rounded to cents once, at the end. */
export const currencyFiguresSchema = z.strictObject({
  currency: z.enum(CURRENCIES),
  sum: decimalString,
  weightedSum: decimalString,
});

export const pipelineQuery = z.strictObject({
  ownerId: userIdSchema.optional(),
  /** Cards per stage in the answer (the figures always cover every card). */
  limit: limitSchema,
});
export type PipelineQuery = z.infer<typeof pipelineQuery>;

export const pipelineSchema = z.strictObject({
  ownerId: z.string().nullable(),
  stages: z.array(
    z.strictObject({
      stage: z.enum(STAGES),
      probability: z.string(),
      count: z.number().int().nonnegative(),
      /** One entry per currency that occurs in the stage. */
      sums: z.array(currencyFiguresSchema),
      /** The first cards in Kanban order (rank); page on with `GET /v1/opportunities?stage=&cursor=`. */
      items: z.array(opportunitySchema),
      nextCursor: z.string().nullable(),
    }),
  ),
});
export type Pipeline = z.infer<typeof pipelineSchema>;

export const FORECAST_GROUPS = ['owner', 'stage', 'month'] as const;
export type ForecastGroupBy = (typeof FORECAST_GROUPS)[number];

export const forecastQuery = z
  .strictObject({
    from: dateSchema,
    to: dateSchema,
    groupBy: z.enum(FORECAST_GROUPS).default('month'),
  })
  .refine((query) => query.from <= query.to, { message: 'from must not be after to.', path: ['to'] });
export type ForecastQuery = z.infer<typeof forecastQuery>;

export const forecastSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(FORECAST_GROUPS),
  groups: z.array(
    z.strictObject({
      /** Owner id (`null`: no owner), stage name or month `2026-03`. */
      key: z.string().nullable(),
      count: z.number().int().nonnegative(),
      sums: z.array(currencyFiguresSchema),
    }),
  ),
});
export type Forecast = z.infer<typeof forecastSchema>;
