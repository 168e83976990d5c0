import * as z from 'zod';
import { defineSetting } from '#shared/platform/settings.ts';
import { BEHAVIOUR_TYPES, countrySchema, LEAD_TIMINGS } from './lead.schema.ts';

const ruleId = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'Must be a short kebab-case id such as has-company.');

/** Lead fields a profile rule may look at. */
export const PROFILE_FIELDS = [
  'company',
  'phone',
  'country',
  'territory',
  'team',
  'budget',
  'authority',
  'need',
  'timing',
  'accountId',
  'contactId',
] as const;

/** A profile rule: points while the condition holds (a given field, or a value among a list). */
const profileRuleSchema = z.strictObject({
  id: ruleId,
  field: z.enum(PROFILE_FIELDS),
  /** `present`: the field has a value; `in`: its value is one of `values` (case-insensitive). */
  op: z.enum(['present', 'in']),
  values: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  points: z.number().int().min(-100).max(100),
});

/** A behaviour rule: points per event of a type; the first matching rule for an event counts. */
const behaviourRuleSchema = z.strictObject({
  id: ruleId,
  type: z.enum(BEHAVIOUR_TYPES),
  /** Only events whose URL contains one of these (e.g. the pricing page). */
  urlContains: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  points: z.number().int().min(-100).max(100),
  /** At most this many points per lead and UTC day from this rule (page views). */
  maxPointsPerDay: z.number().int().min(1).max(1000).optional(),
});

export const leadScoringSchema = z
  .strictObject({
    /** A lead whose score reaches this becomes `mql` (once). */
    mqlThreshold: z.number().int().min(1).max(10_000),
    profile: z.array(profileRuleSchema).max(100),
    behaviour: z.array(behaviourRuleSchema).max(100),
  })
  .superRefine((value, context) => {
    const ids = [...value.profile, ...value.behaviour].map((rule) => rule.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) context.addIssue({ code: 'custom', message: `Rule id ${duplicate} is used twice.` });
    value.profile.forEach((rule, index) => {
      if (rule.op === 'in' && !rule.values?.length) {
        context.addIssue({ code: 'custom', path: ['profile', index, 'values'], message: 'Name the values.' });
      }
    });
  });
export type LeadScoring = z.infer<typeof leadScoringSchema>;

const DACH = ['DE', 'AT', 'CH'];

/** Scoring rules: profile (fit) and behaviour (interest), German/English B2B defaults. */
export const leadScoringSetting = defineSetting({
  name: 'lead-scoring',
  description:
    'Lead scoring: profile rules (points while a field matches), behaviour rules (points per event type, optionally per URL and capped per day) and the MQL threshold.',
  schema: leadScoringSchema,
  defaults: {
    mqlThreshold: 50,
    profile: [
      { id: 'has-company', field: 'company', op: 'present', points: 10 },
      { id: 'known-account', field: 'accountId', op: 'present', points: 5 },
      { id: 'has-phone', field: 'phone', op: 'present', points: 5 },
      { id: 'country-dach', field: 'country', op: 'in', values: DACH, points: 10 },
      { id: 'budget-given', field: 'budget', op: 'present', points: 10 },
      { id: 'authority-given', field: 'authority', op: 'present', points: 10 },
      { id: 'need-given', field: 'need', op: 'present', points: 5 },
      {
        id: 'timing-soon',
        field: 'timing',
        op: 'in',
        values: LEAD_TIMINGS.filter((timing) => timing === 'immediate' || timing === 'this_quarter'),
        points: 10,
      },
    ],
    behaviour: [
      {
        id: 'pricing-page',
        type: 'page_view',
        urlContains: ['/pricing', '/preise'],
        points: 5,
        maxPointsPerDay: 10,
      },
      { id: 'page-view', type: 'page_view', points: 1, maxPointsPerDay: 5 },
      { id: 'whitepaper-download', type: 'whitepaper_download', points: 10 },
      { id: 'webinar-registered', type: 'webinar_registered', points: 5 },
      { id: 'webinar-attended', type: 'webinar_attended', points: 15 },
      { id: 'demo-request', type: 'demo_request', points: 30 },
      { id: 'trial-signup', type: 'trial_signup', points: 25 },
      { id: 'form-submission', type: 'form_submission', points: 5 },
      { id: 'email-open', type: 'email_open', points: 1, maxPointsPerDay: 3 },
      { id: 'email-click', type: 'email_click', points: 3, maxPointsPerDay: 9 },
      { id: 'unsubscribe', type: 'unsubscribe', points: -20 },
    ],
  },
});

const ownerSlotSchema = z.strictObject({
  ownerId: z.string().trim().min(1).max(128),
  /** The most open leads (new, working, mql) this owner takes through automatic assignment. */
  capacity: z.number().int().min(0).max(10_000),
});

/** An assignment rule: all criteria given must match the lead; no criteria match every lead. */
const assignmentRuleSchema = z.strictObject({
  id: ruleId,
  match: z
    .strictObject({
      countries: z.array(countrySchema).max(250).optional(),
      territories: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
      teams: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
    })
    .default({}),
  owners: z.array(ownerSlotSchema).min(1).max(100),
});

export const leadAssignmentSchema = z
  .strictObject({ rules: z.array(assignmentRuleSchema).max(100) })
  .superRefine((value, context) => {
    const ids = value.rules.map((rule) => rule.id);
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) context.addIssue({ code: 'custom', message: `Rule id ${duplicate} is used twice.` });
  });
export type LeadAssignment = z.infer<typeof leadAssignmentSchema>;
export type AssignmentRule = LeadAssignment['rules'][number];

/** Assignment rules: first match wins, then round-robin over its owners, skipping full ones. */
export const leadAssignmentSetting = defineSetting({
  name: 'lead-assignment',
  description:
    'Lead assignment: rules matched by country, territory or team (first match wins), each with owners and their capacity of open leads; round-robin among owners with room. No rules: leads stay unassigned.',
  schema: leadAssignmentSchema,
  defaults: { rules: [] },
});
