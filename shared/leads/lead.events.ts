import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { BEHAVIOUR_TYPES, LEAD_STATUSES } from './lead.schema.ts';

// Event data carries ids, source, score and status only: never emails, names, companies or messages
// (the analytics lake keeps events; erasing a person must not require rewriting it).

export const leadCaptured = defineEvent({
  name: 'lead.captured',
  version: 1,
  subjectType: 'lead',
  data: z.strictObject({
    source: z.string(),
    status: z.enum(LEAD_STATUSES),
    score: z.number().int(),
    ownerId: z.string().nullable(),
    contactId: z.string().nullable(),
    accountId: z.string().nullable(),
    /** True when a returning person was merged into their existing lead (no new record). */
    returning: z.boolean(),
  }),
});

export const leadScored = defineEvent({
  name: 'lead.scored',
  version: 1,
  subjectType: 'lead',
  data: z.strictObject({
    score: z.number().int(),
    previousScore: z.number().int(),
    /** Ids of the rules that moved the score. */
    rules: z.array(z.string()),
    behaviour: z.enum(BEHAVIOUR_TYPES).nullable(),
    status: z.enum(LEAD_STATUSES),
  }),
});

export const leadQualified = defineEvent({
  name: 'lead.qualified',
  version: 1,
  subjectType: 'lead',
  data: z.strictObject({
    score: z.number().int(),
    threshold: z.number().int(),
    ownerId: z.string().nullable(),
    contactId: z.string().nullable(),
    source: z.string(),
  }),
});

export const leadAssigned = defineEvent({
  name: 'lead.assigned',
  version: 1,
  subjectType: 'lead',
  data: z.strictObject({
    /** Null when no owner had room (or no rule matched): the lead stays unassigned. */
    ownerId: z.string().nullable(),
    previousOwnerId: z.string().nullable(),
    ruleId: z.string().nullable(),
    outcome: z.enum(['assigned', 'manual', 'no_rule', 'capacity_reached']),
  }),
});

export const leadUpdated = defineEvent({
  name: 'lead.updated',
  version: 1,
  subjectType: 'lead',
  data: z.strictObject({
    /** Names of the fields that changed, not their values. */
    changed: z.array(z.string()),
    status: z.enum(LEAD_STATUSES),
    previousStatus: z.enum(LEAD_STATUSES),
    ownerId: z.string().nullable(),
  }),
});

export const leadDeleted = defineEvent({
  name: 'lead.deleted',
  version: 1,
  subjectType: 'lead',
  data: z.strictObject({ status: z.enum(LEAD_STATUSES) }),
});

export const leadConverted = defineEvent({
  name: 'lead.converted',
  version: 1,
  subjectType: 'lead',
  data: z.strictObject({
    contactId: z.string(),
    accountId: z.string().nullable(),
    opportunityId: z.string(),
    /** Whether conversion created the contact and account or matched existing ones. */
    contactCreated: z.boolean(),
    accountCreated: z.boolean(),
    ownerId: z.string().nullable(),
  }),
});
