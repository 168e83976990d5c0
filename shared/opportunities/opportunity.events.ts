import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { moneySchema } from '#shared/platform/money.ts';
import { STAGES } from './opportunity.schema.ts';

// Event data carries ids, stages and amounts only: no names, descriptions or other personal data,
// so the analytics lake never needs rewriting when a person is erased.

const links = {
  accountId: z.string().nullable(),
  contactId: z.string().nullable(),
  ownerId: z.string().nullable(),
};

export const opportunityCreated = defineEvent({
  name: 'opportunity.created',
  version: 1,
  subjectType: 'opportunity',
  data: z.strictObject({
    ...links,
    leadId: z.string().nullable(),
    stage: z.enum(STAGES),
    probability: z.string(),
    amount: moneySchema,
    expectedCloseDate: z.string(),
  }),
});

export const opportunityUpdated = defineEvent({
  name: 'opportunity.updated',
  version: 1,
  subjectType: 'opportunity',
  data: z.strictObject({
    /** Names of the fields that changed, not their values. */
    changed: z.array(z.string()),
    ...links,
    stage: z.enum(STAGES),
    probability: z.string(),
    amount: moneySchema,
    expectedCloseDate: z.string(),
  }),
});

export const opportunityDeleted = defineEvent({
  name: 'opportunity.deleted',
  version: 1,
  subjectType: 'opportunity',
  data: z.strictObject({ ...links, stage: z.enum(STAGES) }),
});

export const opportunityStageChanged = defineEvent({
  name: 'opportunity.stage_changed',
  version: 1,
  subjectType: 'opportunity',
  data: z.strictObject({
    ...links,
    from: z.enum(STAGES),
    to: z.enum(STAGES),
    amount: moneySchema,
    probability: z.string(),
    /** Whole days the opportunity spent in `from` (sales-cycle analysis). */
    daysInPreviousStage: z.number().int().nonnegative(),
  }),
});

export const opportunityWon = defineEvent({
  name: 'opportunity.won',
  version: 1,
  subjectType: 'opportunity',
  data: z.strictObject({
    ...links,
    amount: moneySchema,
    /** Whole days from creation to winning (the sales cycle). */
    daysToClose: z.number().int().nonnegative(),
  }),
});

export const opportunityLost = defineEvent({
  name: 'opportunity.lost',
  version: 1,
  subjectType: 'opportunity',
  data: z.strictObject({
    ...links,
    amount: moneySchema,
    lostReason: z.string(),
    /** The stage it was lost from. */
    lostFrom: z.enum(STAGES).nullable(),
    daysToClose: z.number().int().nonnegative(),
  }),
});
