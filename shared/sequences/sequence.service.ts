import { assertVersion, newRecordMeta, planUpdate, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { conflict, type FieldError, notFound, validationFailed } from '#shared/platform/errors.ts';
import { segmentKey } from '#shared/segments/segment.entity.ts';
import { templateFromItem, templateKey } from '#shared/templates/template.entity.ts';
import {
  contactEnrollmentsQuery,
  enrollmentFromItem,
  enrollmentHistoryQuery,
  enrollmentKey,
  enrollmentStepFromItem,
  enrollmentsQuery,
  sequenceFromItem,
  sequenceItem,
  sequenceKey,
  sequenceListQuery,
} from './sequence.entity.ts';
import { sequenceCreated, sequenceDeleted, sequenceUpdated } from './sequence.events.ts';
import type {
  CreateSequenceInput,
  Enrollment,
  EnrollmentStatus,
  EnrollmentStep,
  Sequence,
  UpdateSequenceInput,
} from './sequence.schema.ts';

/**
 * References are checked when a sequence is saved: every mail step names an existing marketing
 * template (transactional templates carry no unsubscribe link and bypass consent), a segment
 * trigger an existing segment.
 */
const assertReferences = async (sequence: Pick<Sequence, 'steps' | 'trigger'>): Promise<void> => {
  const errors: FieldError[] = [];
  const templateIds = [
    ...new Set(sequence.steps.flatMap((step) => (step.type === 'mail' ? [step.templateId] : []))),
  ];
  const templates = new Map(
    await Promise.all(
      templateIds.map(async (id) => {
        const item = await getItem(templateKey(id));
        return [id, item ? templateFromItem(item) : undefined] as const;
      }),
    ),
  );
  sequence.steps.forEach((step, index) => {
    if (step.type !== 'mail') return;
    const template = templates.get(step.templateId);
    if (!template)
      errors.push({
        path: `steps.${index}.templateId`,
        message: `Template ${step.templateId} does not exist.`,
      });
    else if (template.kind !== 'marketing')
      errors.push({
        path: `steps.${index}.templateId`,
        message: 'Sequences send marketing templates only (with an unsubscribe link, under consent).',
      });
  });
  if (sequence.trigger.type === 'segment' && !(await getItem(segmentKey(sequence.trigger.segmentId))))
    errors.push({
      path: 'trigger.segmentId',
      message: `Segment ${sequence.trigger.segmentId} does not exist.`,
    });
  if (errors.length > 0) throw validationFailed(errors, 'The sequence refers to records it cannot use.');
};

export const createSequence = async (input: CreateSequenceInput, uow: UnitOfWork): Promise<Sequence> => {
  await assertReferences(input);
  const sequence: Sequence = {
    ...newRecordMeta(),
    name: input.name,
    description: input.description ?? null,
    status: input.status,
    trigger: input.trigger,
    steps: input.steps,
    exit: input.exit,
  };
  uow.create(sequenceItem(sequence), () => conflict('Sequence id collision; retry.'));
  uow.emit(sequenceCreated, sequence.id, { status: sequence.status, steps: sequence.steps.length });
  return sequence;
};

export const readSequence = async (id: string): Promise<Sequence | undefined> => {
  const item = await getItem(sequenceKey(id));
  return item ? sequenceFromItem(item) : undefined;
};

export const findSequence = (id: string): Promise<Sequence> =>
  findRecord(sequenceKey(id), sequenceFromItem, 'Sequence', id);

export const listSequences = async (limit: number, cursor: string | undefined) => {
  const page = await queryPage(sequenceListQuery(limit, cursor));
  return { items: page.items.map(sequenceFromItem), nextCursor: page.nextCursor };
};

/** Every sequence (a small partition: tens of items); the runner picks the active ones it needs. */
export const allSequences = async (): Promise<Sequence[]> => {
  const sequences: Sequence[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSequences(200, cursor);
    sequences.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return sequences;
};

/**
 * Changes a sequence; honours If-Match. Steps and trigger of an active sequence are frozen: running
 * enrollments point at step numbers, so a sequence is paused before they change (docs/sequences.md).
 */
export const updateSequence = async (
  id: string,
  patch: UpdateSequenceInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Sequence> => {
  const current = await findSequence(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  const { next, changed } = plan;
  if (current.status === 'active' && (changed.includes('steps') || changed.includes('trigger')))
    throw conflict('Pause the sequence before changing its steps or trigger.');
  if (changed.includes('steps') || changed.includes('trigger')) await assertReferences(next);
  uow.replace(sequenceItem(next), current.version, staleVersion('sequence', current.version));
  uow.emit(sequenceUpdated, id, { changed, status: next.status, steps: next.steps.length });
  return next;
};

/** Deletes the definition; running enrollments end (`sequence_deleted`) when their next step is due. */
export const deleteSequence = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findSequence(id);
  assertVersion(current, ifMatch);
  uow.remove(sequenceKey(id), staleVersion('sequence', current.version), current.version);
  uow.emit(sequenceDeleted, id, {});
};

export const listEnrollments = async (
  sequenceId: string,
  query: { status?: EnrollmentStatus | undefined; limit: number; cursor?: string | undefined },
) => {
  await findSequence(sequenceId);
  const page = await queryPage(enrollmentsQuery(sequenceId, query.limit, query.cursor, query.status));
  return { items: page.items.map(enrollmentFromItem), nextCursor: page.nextCursor };
};

export const readEnrollment = async (
  sequenceId: string,
  contactId: string,
): Promise<Enrollment | undefined> => {
  const item = await getItem(enrollmentKey(sequenceId, contactId));
  return item ? enrollmentFromItem(item) : undefined;
};

export const enrollmentHistory = async (sequenceId: string, contactId: string): Promise<EnrollmentStep[]> => {
  const page = await queryPage(enrollmentHistoryQuery(sequenceId, contactId));
  return page.items.map(enrollmentStepFromItem);
};

/** One enrollment with the steps it executed so far. */
export const getEnrollment = async (sequenceId: string, contactId: string) => {
  const enrollment = await readEnrollment(sequenceId, contactId);
  if (!enrollment) throw notFound('Enrollment', `${sequenceId}/${contactId}`);
  return { ...enrollment, history: await enrollmentHistory(sequenceId, contactId) };
};

export const contactEnrollments = async (contactId: string, limit: number, cursor: string | undefined) => {
  const page = await queryPage(contactEnrollmentsQuery(contactId, limit, cursor));
  return { items: page.items.map(enrollmentFromItem), nextCursor: page.nextCursor };
};
