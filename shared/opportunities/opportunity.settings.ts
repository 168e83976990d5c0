import * as z from 'zod';
import { percentSchema } from '#shared/platform/money.ts';
import { defineSetting } from '#shared/platform/settings.ts';
import { reasonSchema, STAGES, type Stage } from './opportunity.schema.ts';

const stagesValue = z
  .strictObject({
    stages: z
      .array(z.strictObject({ name: z.enum(STAGES), probability: percentSchema }))
      .length(STAGES.length),
  })
  .refine((value) => new Set(value.stages.map((stage) => stage.name)).size === STAGES.length, {
    message: `Name each of ${STAGES.join(', ')} exactly once.`,
    path: ['stages'],
  });

/** The board's stages in order, each with the probability an opportunity in it gets unless overridden. */
export const opportunityStagesSetting = defineSetting({
  name: 'opportunity-stages',
  description:
    'Pipeline stages in board order with their win probability in percent (decimal strings). The five stage names are fixed.',
  schema: stagesValue,
  defaults: {
    stages: [
      { name: 'qualification', probability: '10' },
      { name: 'proposal', probability: '40' },
      { name: 'negotiation', probability: '70' },
      { name: 'closed_won', probability: '100' },
      { name: 'closed_lost', probability: '0' },
    ],
  },
});
export type StageConfig = { name: Stage; probability: string };

/** The reasons a lost opportunity may name; a closed list keeps lost-order analysis clean. */
export const lostReasonsSetting = defineSetting({
  name: 'lost-reasons',
  description: 'The values lostReason may take when an opportunity is closed as lost.',
  schema: z
    .strictObject({ reasons: z.array(reasonSchema).min(1).max(50) })
    .refine((value) => new Set(value.reasons).size === value.reasons.length, {
      message: 'Name each reason once.',
      path: ['reasons'],
    }),
  defaults: {
    reasons: ['price', 'competitor', 'no_budget', 'no_decision', 'timing', 'product_fit', 'other'],
  },
});
