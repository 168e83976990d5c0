import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { Enrollment, EnrollmentStatus, EnrollmentStep, Sequence } from './sequence.schema.ts';

/** Key layout of sequences; docs/data-model.md (## Sequences) lists the access patterns. */
export const SEQUENCE_ENTITY = 'sequence';
export const ENROLLMENT_ENTITY = 'sequence-enrollment';
export const ENROLLMENT_STEP_ENTITY = 'sequence-enrollment-step';

export const sequenceKey = (id: string) => ({ pk: `SEQUENCE#${id}`, sk: 'SEQUENCE' });

/**
 * The enrollment of a contact in a sequence. Its key is the claim: created with
 * `attribute_not_exists`, so of concurrent triggers exactly one enrolls the contact.
 */
export const enrollmentKey = (sequenceId: string, contactId: string) => ({
  pk: `SEQUENCE#${sequenceId}`,
  sk: `ENROLLMENT#${contactId}`,
});

/** One executed step: created once per step index, in the transaction that advances the enrollment. */
export const enrollmentStepKey = (sequenceId: string, contactId: string, step: number) => ({
  pk: `SEQUENCE#${sequenceId}`,
  sk: `HISTORY#${contactId}#${String(step).padStart(3, '0')}`,
});

export const sequenceItem = (sequence: Sequence): StoredItem => ({
  ...sequenceKey(sequence.id),
  entity: SEQUENCE_ENTITY,
  gsi4pk: 'SEQUENCES',
  gsi4sk: `SEQUENCE#${sequence.id}`,
  ...sequence,
});
export const sequenceFromItem = (item: Record<string, unknown>): Sequence =>
  withoutStorageAttributes<Sequence>(item);

/** In the contact's collection (gsi1, `CONTACT#<id>`): the 360° view and the exit lookup read it there. */
export const enrollmentItem = (enrollment: Enrollment): StoredItem => ({
  ...enrollmentKey(enrollment.sequenceId, enrollment.contactId),
  entity: ENROLLMENT_ENTITY,
  gsi1pk: `CONTACT#${enrollment.contactId}`,
  gsi1sk: `SEQUENCE_ENROLLMENT#${enrollment.sequenceId}`,
  ...enrollment,
});
export const enrollmentFromItem = (item: Record<string, unknown>): Enrollment =>
  withoutStorageAttributes<Enrollment>(item);

export const enrollmentStepItem = (
  sequenceId: string,
  contactId: string,
  step: EnrollmentStep,
): StoredItem => ({
  ...enrollmentStepKey(sequenceId, contactId, step.step),
  entity: ENROLLMENT_STEP_ENTITY,
  ...step,
});
export const enrollmentStepFromItem = (item: Record<string, unknown>): EnrollmentStep => ({
  step: Number(item.step),
  type: item.type as EnrollmentStep['type'],
  outcome: item.outcome as EnrollmentStep['outcome'],
  detail: typeof item.detail === 'string' ? item.detail : null,
  at: String(item.at),
});

export const sequenceListQuery = (limit: number, cursor: string | undefined): QuerySpec => ({
  index: 'gsi4',
  pk: 'SEQUENCES',
  skPrefix: 'SEQUENCE#',
  limit,
  cursor,
});

export const enrollmentsQuery = (
  sequenceId: string,
  limit: number,
  cursor: string | undefined,
  status?: EnrollmentStatus,
): QuerySpec => ({
  pk: `SEQUENCE#${sequenceId}`,
  skPrefix: 'ENROLLMENT#',
  limit,
  cursor,
  filter: { status },
});

export const enrollmentHistoryQuery = (sequenceId: string, contactId: string): QuerySpec => ({
  pk: `SEQUENCE#${sequenceId}`,
  skPrefix: `HISTORY#${contactId}#`,
  limit: 200,
});

/** The enrollments of one contact, across sequences (its collection on gsi1). */
export const contactEnrollmentsQuery = (
  contactId: string,
  limit: number,
  cursor: string | undefined,
): QuerySpec => ({
  index: 'gsi1',
  pk: `CONTACT#${contactId}`,
  skPrefix: 'SEQUENCE_ENROLLMENT#',
  limit,
  cursor,
});
