import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';
import { ENROLLMENT_EXIT_REASONS, SEQUENCE_STATUSES, STEP_OUTCOMES, STEP_TYPES } from './sequence.schema.ts';

// Ids, step numbers and outcomes only: no names, addresses or template text.

export const sequenceCreated = defineEvent({
  name: 'sequence.created',
  version: 1,
  subjectType: 'sequence',
  data: z.strictObject({ status: z.enum(SEQUENCE_STATUSES), steps: z.number().int().nonnegative() }),
});

export const sequenceUpdated = defineEvent({
  name: 'sequence.updated',
  version: 1,
  subjectType: 'sequence',
  data: z.strictObject({
    changed: z.array(z.string()),
    status: z.enum(SEQUENCE_STATUSES),
    steps: z.number().int().nonnegative(),
  }),
});

export const sequenceDeleted = defineEvent({
  name: 'sequence.deleted',
  version: 1,
  subjectType: 'sequence',
  data: z.strictObject({}),
});

const enrollmentIds = {
  sequenceId: z.string(),
  contactId: z.string(),
  leadId: z.string().nullable(),
};

/** A contact entered a sequence (subject: the enrollment). */
export const sequenceEnrolled = defineEvent({
  name: 'sequence.enrolled',
  version: 1,
  subjectType: 'sequence-enrollment',
  data: z.strictObject({ ...enrollmentIds, trigger: z.enum(['event', 'segment']) }),
});

/** One step ran (once per step and enrollment). */
export const sequenceStepExecuted = defineEvent({
  name: 'sequence.step_executed',
  version: 1,
  subjectType: 'sequence-enrollment',
  data: z.strictObject({
    ...enrollmentIds,
    step: z.number().int().nonnegative(),
    type: z.enum(STEP_TYPES),
    outcome: z.enum(STEP_OUTCOMES),
  }),
});

export const sequenceCompleted = defineEvent({
  name: 'sequence.completed',
  version: 1,
  subjectType: 'sequence-enrollment',
  data: z.strictObject(enrollmentIds),
});

export const sequenceExited = defineEvent({
  name: 'sequence.exited',
  version: 1,
  subjectType: 'sequence-enrollment',
  data: z.strictObject({
    ...enrollmentIds,
    reason: z.enum(ENROLLMENT_EXIT_REASONS),
    step: z.number().int().nonnegative(),
  }),
});

/** The owner got the MQL handoff (task + mail) of a nurtured lead. */
export const sequenceHandoff = defineEvent({
  name: 'sequence.handoff',
  version: 1,
  subjectType: 'sequence-enrollment',
  data: z.strictObject({ ...enrollmentIds, ownerId: z.string().nullable(), taskId: z.string() }),
});
