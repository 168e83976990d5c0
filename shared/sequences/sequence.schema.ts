import * as z from 'zod';
import { CONSENT_PURPOSES } from '#shared/consent/consent.schema.ts';
import { LIFECYCLE_STAGES } from '#shared/contacts/contact.schema.ts';
import { BEHAVIOUR_TYPES } from '#shared/leads/lead.schema.ts';
import { cursorSchema, idSchema, limitSchema, pageOf, recordMeta } from '#shared/platform/http/schemas.ts';
import { ruleSchema } from '#shared/segments/segment.rule.ts';

/**
 * Nurture sequences (docs/sequences.md): a trigger enrolls a contact, steps run one after another
 * (mails, waits, conditions, updates, owner notices), exit rules end the enrollment early.
 */

export const SEQUENCE_STATUSES = ['draft', 'active', 'paused'] as const;
export type SequenceStatus = (typeof SEQUENCE_STATUSES)[number];

/** At most this many steps per sequence; a run executes at most this many steps in one go. */
export const MAX_STEPS = 30;
/** The longest single wait: one year. */
export const MAX_WAIT_HOURS = 366 * 24;

// ---- Trigger ----------------------------------------------------------------------------------

/** Lead events a sequence can start on; the contact is the lead's contact. */
export const TRIGGER_EVENTS = ['lead.captured', 'lead.scored', 'lead.qualified'] as const;
export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

export const triggerSchema = z.discriminatedUnion('type', [
  z
    .strictObject({
      type: z.literal('event'),
      event: z.enum(TRIGGER_EVENTS),
      /** For `lead.scored`: only events of this behaviour (e.g. whitepaper_download). */
      behaviour: z.enum(BEHAVIOUR_TYPES).optional(),
    })
    .refine((trigger) => trigger.behaviour === undefined || trigger.event === 'lead.scored', {
      message: 'behaviour applies to lead.scored only.',
      path: ['behaviour'],
    }),
  /** Entering a segment: new members are enrolled by the daily job. */
  z.strictObject({ type: z.literal('segment'), segmentId: idSchema }),
]);
export type SequenceTrigger = z.infer<typeof triggerSchema>;

// ---- Exit -------------------------------------------------------------------------------------

/**
 * Why an enrollment ends early. `demo_request`/`trial_signup`: that behaviour was recorded on the
 * contact's lead; `lead_converted`; `unsubscribed`: email consent or the consent of a purpose the
 * sequence mails for was revoked; `became_customer`: the contact's lifecycle stage is `customer`;
 * `order_placed`: the contact placed an order.
 */
export const EXIT_REASONS = [
  'demo_request',
  'trial_signup',
  'lead_converted',
  'unsubscribed',
  'became_customer',
  'order_placed',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

/** Ends without an exit rule: the contact or the sequence is gone, or a condition step said exit. */
export const SYSTEM_EXIT_REASONS = ['condition', 'contact_deleted', 'sequence_deleted'] as const;
export const ENROLLMENT_EXIT_REASONS = [...EXIT_REASONS, ...SYSTEM_EXIT_REASONS] as const;
export type EnrollmentExitReason = (typeof ENROLLMENT_EXIT_REASONS)[number];

export const exitSchema = z.strictObject({
  on: z
    .array(z.enum(EXIT_REASONS))
    .max(EXIT_REASONS.length)
    .refine((reasons) => new Set(reasons).size === reasons.length, 'Name each exit once.'),
});
export type SequenceExit = z.infer<typeof exitSchema>;

export const DEFAULT_EXIT: SequenceExit = {
  on: ['demo_request', 'lead_converted', 'unsubscribed', 'became_customer'],
};

// ---- Steps ------------------------------------------------------------------------------------

/** What a condition step does: go on with the next step, end the enrollment, or jump forward. */
export const conditionActionSchema = z.union([
  z.enum(['continue', 'exit']),
  z.strictObject({ skipTo: z.number().int().min(0).max(MAX_STEPS) }),
]);
export type ConditionAction = z.infer<typeof conditionActionSchema>;

export const mailStepSchema = z.strictObject({
  type: z.literal('mail'),
  /** A marketing template (it carries `{{unsubscribeUrl}}`). */
  templateId: idSchema,
  /** The consent purpose the mail is sent under (newsletter, marketing, product_updates). */
  purpose: z.enum(CONSENT_PURPOSES),
});

export const waitStepSchema = z
  .strictObject({
    type: z.literal('wait'),
    days: z.number().int().min(0).max(366).optional(),
    hours: z.number().int().min(0).max(MAX_WAIT_HOURS).optional(),
  })
  .refine((step) => (step.days ?? 0) * 24 + (step.hours ?? 0) > 0, 'Wait at least one hour.')
  .refine((step) => (step.days ?? 0) * 24 + (step.hours ?? 0) <= MAX_WAIT_HOURS, 'Wait at most 366 days.');

export const conditionStepSchema = z.strictObject({
  type: z.literal('condition'),
  /** A segment rule over the contact's profile (shared/segments/segment.rule.ts). */
  rule: ruleSchema,
  /** When the rule matches (default: go on). */
  onMatch: conditionActionSchema.default('continue'),
  /** When it does not (default: end the enrollment). */
  onMiss: conditionActionSchema.default('exit'),
});

export const updateStepSchema = z.union([
  z.strictObject({
    type: z.literal('update'),
    field: z.literal('lifecycleStage'),
    value: z.enum(LIFECYCLE_STAGES),
  }),
  /** Adds an interest (a no-op when the contact has it). */
  z.strictObject({
    type: z.literal('update'),
    field: z.literal('interests'),
    value: z.string().trim().min(1).max(60),
  }),
]);

export const notifyOwnerStepSchema = z.strictObject({
  type: z.literal('notify_owner'),
  /** The task subject and the text of the owner's mail (no placeholders). */
  message: z.string().trim().min(1).max(200),
});

export const stepSchema = z.union([
  mailStepSchema,
  waitStepSchema,
  conditionStepSchema,
  updateStepSchema,
  notifyOwnerStepSchema,
]);
export type SequenceStep = z.infer<typeof stepSchema>;
export const STEP_TYPES = ['mail', 'wait', 'condition', 'update', 'notify_owner'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** Steps: at least one mail, bounded, condition jumps only forward (so no loops) and inside the list. */
export const stepsSchema = z
  .array(stepSchema)
  .min(1, 'A sequence has at least one step.')
  .max(MAX_STEPS)
  .superRefine((steps, context) => {
    if (steps.length > 0 && !steps.some((step) => step.type === 'mail'))
      context.issues.push({ code: 'custom', message: 'A sequence sends at least one mail.', input: steps });
    steps.forEach((step, index) => {
      if (step.type !== 'condition') return;
      for (const branch of ['onMatch', 'onMiss'] as const) {
        const action = step[branch];
        if (typeof action === 'object' && (action.skipTo <= index || action.skipTo > steps.length))
          context.issues.push({
            code: 'custom',
            message: `skipTo must name a later step (${index + 1} to ${steps.length}; ${steps.length} ends the sequence).`,
            path: [index, branch, 'skipTo'],
            input: action,
          });
      }
    });
  });

// ---- Sequence ---------------------------------------------------------------------------------

const name = z.string().trim().min(1).max(120);
const description = z.string().trim().max(1000).nullable();

export const createSequenceBody = z.strictObject({
  name,
  description: description.optional(),
  status: z.enum(SEQUENCE_STATUSES).default('draft'),
  trigger: triggerSchema,
  steps: stepsSchema,
  exit: exitSchema.default(DEFAULT_EXIT),
});
export type CreateSequenceInput = z.infer<typeof createSequenceBody>;

export const updateSequenceBody = z
  .strictObject({
    name,
    description,
    status: z.enum(SEQUENCE_STATUSES),
    trigger: triggerSchema,
    steps: stepsSchema,
    exit: exitSchema,
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Name at least one field to change.');
export type UpdateSequenceInput = z.infer<typeof updateSequenceBody>;

export const sequenceSchema = z.strictObject({
  ...recordMeta,
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(SEQUENCE_STATUSES),
  trigger: triggerSchema,
  steps: z.array(stepSchema),
  exit: exitSchema,
});
export type Sequence = z.infer<typeof sequenceSchema>;

export const listSequencesQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });
export const sequencePage = pageOf(sequenceSchema);

// ---- Enrollment -------------------------------------------------------------------------------

export const ENROLLMENT_STATUSES = ['active', 'completed', 'exited'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const enrollmentSchema = z.strictObject({
  ...recordMeta,
  sequenceId: z.string(),
  contactId: z.string(),
  /** The lead whose event enrolled the contact, if any. */
  leadId: z.string().nullable(),
  status: z.enum(ENROLLMENT_STATUSES),
  /** Index of the next step to run (steps.length when done). */
  currentStep: z.number().int().nonnegative(),
  /** When the next step is due (after a wait); null while it runs at once or when ended. */
  nextRunAt: z.string().nullable(),
  exitReason: z.enum(ENROLLMENT_EXIT_REASONS).nullable(),
  enrolledAt: z.string(),
  endedAt: z.string().nullable(),
  /** When the owner got the MQL handoff of this enrollment (once). */
  handoffAt: z.string().nullable(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;

export const STEP_OUTCOMES = [
  'sent',
  'skipped',
  'waited',
  'matched',
  'not_matched',
  'updated',
  'notified',
] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** One executed step of an enrollment (created once per step index). */
export const enrollmentStepSchema = z.strictObject({
  step: z.number().int().nonnegative(),
  type: z.enum(STEP_TYPES),
  outcome: z.enum(STEP_OUTCOMES),
  /** Why a mail was skipped (canSend's reason), or where a condition led. */
  detail: z.string().nullable(),
  at: z.string(),
});
export type EnrollmentStep = z.infer<typeof enrollmentStepSchema>;

export const enrollmentDetailSchema = enrollmentSchema.extend({ history: z.array(enrollmentStepSchema) });

export const enrollmentParams = z.strictObject({ id: idSchema, contactId: idSchema });
export const listEnrollmentsQuery = z.strictObject({
  status: z.enum(ENROLLMENT_STATUSES).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export const enrollmentPage = pageOf(enrollmentSchema);
export const contactEnrollmentsQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema });

export const reactivationExampleBody = z.strictObject({
  /** Days without an order after which a customer counts as inactive (default 180). */
  inactiveDays: z.number().int().min(7).max(730).default(180),
});
export const reactivationExampleResult = z.strictObject({
  sequence: sequenceSchema,
  segmentId: z.string(),
  templateIds: z.strictObject({ weMissYou: z.string(), offer: z.string() }),
});
