import * as z from 'zod';
import { accountKey } from '#shared/accounts/account.entity.ts';
import { activityItem } from '#shared/activities/activity.entity.ts';
import { activityLogged } from '#shared/activities/activity.events.ts';
import type { Activity } from '#shared/activities/activity.schema.ts';
import { canSend } from '#shared/consent/can-send.ts';
import { purposeConsentFromItem, purposeConsentKey } from '#shared/consent/consent.entity.ts';
import type { ConsentPurpose } from '#shared/consent/consent.schema.ts';
import { listUnsubscribeHeaders, unsubscribeUrl } from '#shared/consent/consent.service.ts';
import { contactFromItem, contactItem, contactKey } from '#shared/contacts/contact.entity.ts';
import { contactUpdated } from '#shared/contacts/contact.events.ts';
import type { Contact } from '#shared/contacts/contact.schema.ts';
import { leadKey } from '#shared/leads/lead.entity.ts';
import { type MailRef, mailRefHeader, mailRefTags } from '#shared/mail/mail-ref.ts';
import { sendMail } from '#shared/mail/mailer.ts';
import { sendOnce } from '#shared/mail/send-once.ts';
import { clock } from '#shared/platform/clock.ts';
import { newRecordMeta, nextRecordMeta } from '#shared/platform/db/record.ts';
import { getItem, queryPage } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { scheduler } from '#shared/platform/scheduler.ts';
import { readSetting } from '#shared/platform/settings.ts';
import {
  profileFromItem,
  segmentCountKey,
  segmentMembersQuery,
  segmentProfileKey,
} from '#shared/segments/segment.entity.ts';
import { matches, PROFILE_FIELDS, type SegmentProfile } from '#shared/segments/segment.rule.ts';
import { templateFromItem, templateKey } from '#shared/templates/template.entity.ts';
import { renderTemplate } from '#shared/templates/template-render.ts';
import {
  contactEnrollmentsQuery,
  enrollmentFromItem,
  enrollmentItem,
  enrollmentStepItem,
  enrollmentsQuery,
} from './sequence.entity.ts';
import {
  sequenceCompleted,
  sequenceEnrolled,
  sequenceExited,
  sequenceHandoff,
  sequenceStepExecuted,
} from './sequence.events.ts';
import type {
  ConditionAction,
  Enrollment,
  EnrollmentExitReason,
  ExitReason,
  Sequence,
  SequenceStep,
  StepOutcome,
  TriggerEvent,
} from './sequence.schema.ts';
import { MAX_STEPS } from './sequence.schema.ts';
import { allSequences, readEnrollment, readSequence } from './sequence.service.ts';
import { sequenceNotificationsSetting } from './sequence.settings.ts';
import { renderOwnerNotice } from './sequence-owner-mail.template.ts';
import { SEQUENCE_STEP_TARGET } from './sequence-route.events.ts';

export { SEQUENCE_STEP_TARGET };

/** What a step schedule carries: ids only. */
export const stepPayloadSchema = z.strictObject({
  sequenceId: z.string().min(1),
  contactId: z.string().min(1),
});
export type StepPayload = z.infer<typeof stepPayloadSchema>;

/** One schedule per enrollment and step: creating it again (a retry) replaces it. */
export const stepScheduleName = (enrollmentId: string, step: number): string => `seq-${enrollmentId}-${step}`;

const SEQUENCE_MAIL = 'sequence-mail';
const SEQUENCE_NOTICE = 'sequence-notice';
const SEQUENCE_HANDOFF = 'sequence-handoff';
const HOUR_MS = 3_600_000;
/** EventBridge Scheduler fires to the minute: a step due within this is run, not rescheduled. */
const EARLY_TOLERANCE_MS = 60_000;
/** A paused sequence's enrollments are looked at again after this. */
const PAUSED_RECHECK_MS = 24 * HOUR_MS;
const ROUNDS = 5;

/** A conditional write lost against a concurrent change: read again and retry. */
class Stale extends Error {}
class AlreadyEnrolled extends Error {}
const stale = () => new Stale('The enrollment changed meanwhile.');

const readContact = async (contactId: string): Promise<Contact | undefined> => {
  const item = await getItem(contactKey(contactId));
  return item ? contactFromItem(item) : undefined;
};

const ids = (enrollment: Enrollment) => ({
  sequenceId: enrollment.sequenceId,
  contactId: enrollment.contactId,
  leadId: enrollment.leadId,
});

// ---- Ending -----------------------------------------------------------------------------------

/** Ends an enrollment (versioned): completed, or exited with a reason; the pending schedule goes. */
const endEnrollment = async (
  enrollment: Enrollment,
  reason: EnrollmentExitReason | 'completed',
): Promise<boolean> => {
  const at = clock.now().toISOString();
  const next: Enrollment = {
    ...enrollment,
    ...nextRecordMeta(enrollment),
    status: reason === 'completed' ? 'completed' : 'exited',
    exitReason: reason === 'completed' ? null : reason,
    nextRunAt: null,
    endedAt: at,
  };
  const uow = new UnitOfWork(SYSTEM_ACTOR).replace(enrollmentItem(next), enrollment.version, stale);
  if (reason === 'completed') uow.emit(sequenceCompleted, enrollment.id, ids(enrollment));
  else uow.emit(sequenceExited, enrollment.id, { ...ids(enrollment), reason, step: enrollment.currentStep });
  try {
    await uow.commit();
  } catch (error) {
    if (error instanceof Stale) return false;
    throw error;
  }
  if (enrollment.nextRunAt)
    await scheduler.deleteSchedule(stepScheduleName(enrollment.id, enrollment.currentStep));
  logger.info('Sequence enrollment ended', { ...ids(enrollment), reason });
  return true;
};

/** Ends an active enrollment for a reason, re-reading it when it changed meanwhile; false if not active. */
export const exitEnrollment = async (
  sequenceId: string,
  contactId: string,
  reason: EnrollmentExitReason,
): Promise<boolean> => {
  for (let round = 0; round < ROUNDS; round++) {
    const enrollment = await readEnrollment(sequenceId, contactId);
    if (enrollment?.status !== 'active') return false;
    if (await endEnrollment(enrollment, reason)) return true;
  }
  throw new Error(`Enrollment ${sequenceId}/${contactId} kept changing; retry later.`);
};

/** Exit rules that hold by the contact's state, checked before every step. */
const stateExit = (sequence: Sequence, contact: Contact): ExitReason | undefined =>
  sequence.exit.on.includes('became_customer') && contact.lifecycleStage === 'customer'
    ? 'became_customer'
    : undefined;

// ---- Steps ------------------------------------------------------------------------------------

/** What one step decided: its outcome, where the enrollment goes, and its writes. */
type StepResult = {
  outcome: StepOutcome;
  detail: string | null;
  next: number | 'exit';
  exitReason?: EnrollmentExitReason;
  /** After a wait: when the next step is due. */
  nextRunAt?: Date;
  /** Further writes of the step, in the transaction that advances the enrollment. */
  effects?: (uow: UnitOfWork) => void;
};

const targetOf = (action: ConditionAction, index: number): number | 'exit' =>
  action === 'continue' ? index + 1 : action === 'exit' ? 'exit' : action.skipTo;

/** The contact's segment profile with its current fields (the indexer may lag behind a step's update). */
const profileOf = async (contact: Contact): Promise<SegmentProfile> => {
  const item = await getItem(segmentProfileKey(contact.id));
  const stored = item ? profileFromItem(item) : undefined;
  const fields: SegmentProfile['fields'] = { ...stored?.fields };
  for (const field of PROFILE_FIELDS) {
    const value = (contact as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) fields[field] = value;
  }
  return { contactId: contact.id, fields, events: stored?.events ?? {}, pages: stored?.pages ?? [] };
};

const purposeRevoked = async (contactId: string, purpose: ConsentPurpose): Promise<boolean> => {
  const item = await getItem(purposeConsentKey(contactId, purpose));
  return item ? purposeConsentFromItem(item).status === 'revoked' : false;
};

/**
 * A mail step: canSend (marketing, the step's purpose) right before SES; refused → skipped (or the
 * enrollment exits when consent was revoked and `unsubscribed` is an exit rule). Allowed → the mail
 * is claimed (enrollment + step) before SES is called, so a redelivered run never sends it twice.
 */
const mailStep = async (
  step: Extract<SequenceStep, { type: 'mail' }>,
  index: number,
  enrollment: Enrollment,
  sequence: Sequence,
  contact: Contact,
): Promise<StepResult> => {
  const decision = await canSend({ contact, kind: 'marketing', purpose: step.purpose });
  if (!decision.allowed) {
    const revoked =
      decision.reason === 'email_consent_revoked' || (await purposeRevoked(contact.id, step.purpose));
    if (revoked && sequence.exit.on.includes('unsubscribed'))
      return { outcome: 'skipped', detail: decision.reason, next: 'exit', exitReason: 'unsubscribed' };
    return { outcome: 'skipped', detail: decision.reason, next: index + 1 };
  }
  const templateItem = await getItem(templateKey(step.templateId));
  const template = templateItem ? templateFromItem(templateItem) : undefined;
  if (template?.kind !== 'marketing')
    return { outcome: 'skipped', detail: 'template_missing', next: index + 1 };
  const subjectId = `${enrollment.id}.${index}`;
  const outcome = await sendOnce(SEQUENCE_MAIL, subjectId, async () => {
    const account = contact.accountId ? await getItem(accountKey(contact.accountId)) : undefined;
    const rendered = renderTemplate(template, {
      language: contact.language,
      contact,
      account: { name: typeof account?.name === 'string' ? account.name : null },
      unsubscribeUrl: await unsubscribeUrl(contact.id, step.purpose),
      campaign: { name: sequence.name },
    });
    const ref: MailRef = { kind: 'sequence', sourceId: sequence.id, contactId: contact.id };
    return sendMail({
      to: contact.email,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: [...(await listUnsubscribeHeaders(contact.id, step.purpose)), mailRefHeader(ref)],
      tags: mailRefTags(ref),
    });
  });
  if (!outcome.sent) return { outcome: 'sent', detail: 'sent_before', next: index + 1 };
  logger.info('Sequence mail sent', { ...ids(enrollment), step: index, messageId: outcome.value });
  return { outcome: 'sent', detail: null, next: index + 1 };
};

const updateStep = (
  step: Extract<SequenceStep, { type: 'update' }>,
  index: number,
  contact: Contact,
): StepResult => {
  const next: Contact =
    step.field === 'lifecycleStage'
      ? { ...contact, lifecycleStage: step.value }
      : {
          ...contact,
          interests: contact.interests.some((interest) => interest.toLowerCase() === step.value.toLowerCase())
            ? contact.interests
            : [...contact.interests, step.value],
        };
  if (JSON.stringify(next[step.field]) === JSON.stringify(contact[step.field]))
    return { outcome: 'updated', detail: 'unchanged', next: index + 1 };
  const written = { ...next, ...nextRecordMeta(contact) };
  return {
    outcome: 'updated',
    detail: step.field,
    next: index + 1,
    effects: (uow) => {
      uow.replace(contactItem(written), contact.version, stale);
      uow.emit(contactUpdated, contact.id, {
        changed: [step.field],
        accountId: written.accountId ?? null,
        ownerId: written.ownerId ?? null,
        lifecycleStage: written.lifecycleStage,
        previousLifecycleStage: contact.lifecycleStage,
      });
    },
  };
};

/** The owner of a nurtured contact: the contact's, else its lead's. */
const ownerOf = async (contact: Contact, leadId: string | null): Promise<string | null> => {
  if (contact.ownerId) return contact.ownerId;
  if (!leadId) return null;
  const lead = await getItem(leadKey(leadId));
  return typeof lead?.ownerId === 'string' ? lead.ownerId : null;
};

/** A task for the owner, due in a day, linked to the contact and the lead. */
const ownerTask = (
  subject: string,
  body: string,
  contact: Contact,
  leadId: string | null,
  ownerId: string | null,
): Activity => ({
  ...newRecordMeta(),
  type: 'task',
  subject,
  body,
  dueAt: new Date(clock.now().getTime() + 24 * HOUR_MS).toISOString(),
  completedAt: null,
  contactId: contact.id,
  accountId: contact.accountId ?? null,
  leadId,
  opportunityId: null,
  ticketId: null,
  ownerId,
});

const createTask = (uow: UnitOfWork, task: Activity): void => {
  uow.create(activityItem(task), () => new Error('Activity id collision.'));
  uow.emit(activityLogged, task.id, {
    type: 'task',
    completed: false,
    contactId: task.contactId ?? null,
    accountId: task.accountId ?? null,
    leadId: task.leadId ?? null,
    opportunityId: null,
    ticketId: null,
    ownerId: task.ownerId ?? null,
  });
};

/** Mails the owner once per `kind` and subject (claimed before SES, released when the send fails). */
const mailOwner = async (
  kind: string,
  subjectId: string,
  ownerId: string | null,
  notice: Omit<Parameters<typeof renderOwnerNotice>[0], 'language'>,
): Promise<boolean> => {
  const directory = await readSetting(sequenceNotificationsSetting);
  const recipient = (ownerId ? directory.owners[ownerId] : undefined) ?? directory.fallback;
  if (!recipient) {
    logger.info('Owner notice not mailed: no address for the owner', { kind, ownerId });
    return false;
  }
  const outcome = await sendOnce(kind, subjectId, () =>
    sendMail({ to: recipient.email, ...renderOwnerNotice({ ...notice, language: recipient.language }) }),
  );
  return outcome.sent;
};

const notifyOwnerStep = async (
  step: Extract<SequenceStep, { type: 'notify_owner' }>,
  index: number,
  enrollment: Enrollment,
  sequence: Sequence,
  contact: Contact,
): Promise<StepResult> => {
  const ownerId = await ownerOf(contact, enrollment.leadId);
  const task = ownerTask(step.message, `Sequence: ${sequence.name}`, contact, enrollment.leadId, ownerId);
  await mailOwner(SEQUENCE_NOTICE, `${enrollment.id}.${index}`, ownerId, {
    kind: 'notice',
    sequenceName: sequence.name,
    message: step.message,
    contactId: contact.id,
    leadId: enrollment.leadId,
    dueAt: task.dueAt ?? clock.now().toISOString(),
  });
  return { outcome: 'notified', detail: ownerId, next: index + 1, effects: (uow) => createTask(uow, task) };
};

const executeStep = async (
  step: SequenceStep,
  index: number,
  enrollment: Enrollment,
  sequence: Sequence,
  contact: Contact,
): Promise<StepResult> => {
  switch (step.type) {
    case 'mail':
      return mailStep(step, index, enrollment, sequence, contact);
    case 'wait': {
      const hours = (step.days ?? 0) * 24 + (step.hours ?? 0);
      return {
        outcome: 'waited',
        detail: `${hours}h`,
        next: index + 1,
        nextRunAt: new Date(clock.now().getTime() + hours * HOUR_MS),
      };
    }
    case 'condition': {
      const matched = matches(step.rule, await profileOf(contact), clock.now());
      const next = targetOf(matched ? step.onMatch : step.onMiss, index);
      return {
        outcome: matched ? 'matched' : 'not_matched',
        detail: next === 'exit' ? 'exit' : `step ${next}`,
        next,
        ...(next === 'exit' ? { exitReason: 'condition' as const } : {}),
      };
    }
    case 'update':
      return updateStep(step, index, contact);
    case 'notify_owner':
      return notifyOwnerStep(step, index, enrollment, sequence, contact);
  }
};

/**
 * Records one executed step in one transaction: the enrollment's next version (step, next run,
 * or its end), the step's history item (created once per step: a second run of the same step
 * cannot commit), the step's own writes and the events. False when the enrollment changed meanwhile.
 */
const advance = async (
  enrollment: Enrollment,
  sequence: Sequence,
  index: number,
  step: SequenceStep,
  result: StepResult,
): Promise<boolean> => {
  const at = clock.now().toISOString();
  const ends = result.next === 'exit' || result.next >= sequence.steps.length;
  const next: Enrollment = {
    ...enrollment,
    ...nextRecordMeta(enrollment),
    currentStep: result.next === 'exit' ? index : result.next,
    nextRunAt: !ends && result.nextRunAt ? result.nextRunAt.toISOString() : null,
    ...(ends
      ? {
          status: result.next === 'exit' ? ('exited' as const) : ('completed' as const),
          exitReason: result.next === 'exit' ? (result.exitReason ?? 'condition') : null,
          endedAt: at,
        }
      : {}),
  };
  const uow = new UnitOfWork(SYSTEM_ACTOR).replace(enrollmentItem(next), enrollment.version, stale).create(
    enrollmentStepItem(enrollment.sequenceId, enrollment.contactId, {
      step: index,
      type: step.type,
      outcome: result.outcome,
      detail: result.detail,
      at,
    }),
    stale,
  );
  result.effects?.(uow);
  uow.emit(sequenceStepExecuted, enrollment.id, {
    ...ids(enrollment),
    step: index,
    type: step.type,
    outcome: result.outcome,
  });
  if (next.status === 'completed') uow.emit(sequenceCompleted, enrollment.id, ids(enrollment));
  if (next.status === 'exited')
    uow.emit(sequenceExited, enrollment.id, {
      ...ids(enrollment),
      reason: next.exitReason ?? 'condition',
      step: index,
    });
  try {
    await uow.commit();
    return true;
  } catch (error) {
    if (error instanceof Stale) return false;
    throw error;
  }
};

export type RunOutcome = 'waiting' | 'completed' | 'exited' | 'ended' | 'paused';

/**
 * Runs an enrollment's due steps until a wait or its end (at least once per trigger or schedule,
 * idempotent: every step is recorded once, with a versioned write of the enrollment; a mail is
 * claimed before SES). A wait creates the one-time schedule of the next step before it commits;
 * its name is fixed per enrollment and step, so a retry replaces it.
 */
export const runEnrollment = async (sequenceId: string, contactId: string): Promise<RunOutcome> => {
  for (let round = 0; round < MAX_STEPS + ROUNDS; round++) {
    const [enrollment, sequence, contact] = await Promise.all([
      readEnrollment(sequenceId, contactId),
      readSequence(sequenceId),
      readContact(contactId),
    ]);
    if (enrollment?.status !== 'active') return 'ended';
    if (!sequence) return (await endEnrollment(enrollment, 'sequence_deleted')) ? 'exited' : 'ended';
    if (!contact) return (await endEnrollment(enrollment, 'contact_deleted')) ? 'exited' : 'ended';
    const now = clock.now().getTime();
    const index = enrollment.currentStep;
    if (enrollment.nextRunAt && Date.parse(enrollment.nextRunAt) > now + EARLY_TOLERANCE_MS) {
      // Early (a stale or replaced schedule): make sure the right one exists, and wait for it.
      await scheduler.createSchedule({
        name: stepScheduleName(enrollment.id, index),
        at: new Date(enrollment.nextRunAt),
        target: SEQUENCE_STEP_TARGET,
        input: { sequenceId, contactId },
      });
      return 'waiting';
    }
    if (sequence.status !== 'active') {
      await scheduler.createSchedule({
        name: stepScheduleName(enrollment.id, index),
        at: new Date(now + PAUSED_RECHECK_MS),
        target: SEQUENCE_STEP_TARGET,
        input: { sequenceId, contactId },
      });
      return 'paused';
    }
    const exit = stateExit(sequence, contact);
    if (exit) {
      if (await endEnrollment(enrollment, exit)) return 'exited';
      continue;
    }
    const step = sequence.steps[index];
    if (!step) {
      // Steps were removed while paused, or the last step's record was interrupted.
      if (await endEnrollment(enrollment, 'completed')) return 'completed';
      continue;
    }
    const result = await executeStep(step, index, enrollment, sequence, contact);
    if (result.nextRunAt && result.next !== 'exit' && result.next < sequence.steps.length) {
      await scheduler.createSchedule({
        name: stepScheduleName(enrollment.id, result.next),
        at: result.nextRunAt,
        target: SEQUENCE_STEP_TARGET,
        input: { sequenceId, contactId },
      });
    }
    if (!(await advance(enrollment, sequence, index, step, result))) continue;
    if (result.next === 'exit') return 'exited';
    if (result.next >= sequence.steps.length) return 'completed';
    if (result.nextRunAt) return 'waiting';
  }
  throw new Error(`Enrollment ${sequenceId}/${contactId} kept changing; retry later.`);
};

// ---- Enrolling --------------------------------------------------------------------------------

/**
 * A redelivered trigger of an enrollment whose first run failed (e.g. SES was down) finishes that
 * run: an active enrollment without `nextRunAt` has steps due now and no schedule waiting for them.
 */
const resumeInterrupted = async (
  enrollment: Pick<Enrollment, 'sequenceId' | 'contactId' | 'status' | 'nextRunAt'> | undefined,
) => {
  if (enrollment?.status === 'active' && !enrollment.nextRunAt)
    await runEnrollment(enrollment.sequenceId, enrollment.contactId);
};

/**
 * Enrolls a contact once per sequence: the enrollment item is the claim (created only if absent),
 * so concurrent triggers enroll once and a contact never re-enters a sequence it was in. Not
 * enrolled when an exit rule already holds (a customer in a sequence that exits on customers).
 * Then runs the first steps at once.
 */
export const enroll = async (
  sequence: Sequence,
  contactId: string,
  leadId: string | null,
): Promise<boolean> => {
  const contact = await readContact(contactId);
  if (!contact || stateExit(sequence, contact)) return false;
  const now = clock.now().toISOString();
  const enrollment: Enrollment = {
    ...newRecordMeta(),
    sequenceId: sequence.id,
    contactId,
    leadId,
    status: 'active',
    currentStep: 0,
    nextRunAt: null,
    exitReason: null,
    enrolledAt: now,
    endedAt: null,
    handoffAt: null,
  };
  const uow = new UnitOfWork(SYSTEM_ACTOR)
    .create(enrollmentItem(enrollment), () => new AlreadyEnrolled(), 1)
    .requireExists(contactKey(contactId), () => new AlreadyEnrolled());
  uow.emit(sequenceEnrolled, enrollment.id, { ...ids(enrollment), trigger: sequence.trigger.type });
  try {
    await uow.commit();
  } catch (error) {
    if (!(error instanceof AlreadyEnrolled)) throw error;
    await resumeInterrupted(await readEnrollment(sequence.id, contactId));
    return false;
  }
  logger.info('Contact enrolled', ids(enrollment));
  await runEnrollment(sequence.id, contactId);
  return true;
};

/** The contact's enrollments across sequences (its collection on gsi1). */
const enrollmentsOf = async (contactId: string): Promise<Enrollment[]> => {
  const enrollments: Enrollment[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(contactEnrollmentsQuery(contactId, 100, cursor));
    enrollments.push(...page.items.map(enrollmentFromItem));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return enrollments;
};

/** Enrolls the contact in every active sequence this event triggers. */
export const enrollByEvent = async (
  event: TriggerEvent,
  behaviour: string | null,
  contactId: string,
  leadId: string | null,
): Promise<number> => {
  const triggered = (await allSequences()).filter(
    (sequence) =>
      sequence.status === 'active' &&
      sequence.trigger.type === 'event' &&
      sequence.trigger.event === event &&
      (sequence.trigger.behaviour === undefined || sequence.trigger.behaviour === behaviour),
  );
  let enrolled = 0;
  for (const sequence of triggered) if (await enroll(sequence, contactId, leadId)) enrolled++;
  return enrolled;
};

/**
 * Ends the contact's active enrollments in sequences that exit for `reason` (`force`: whatever
 * their rules, e.g. the contact was deleted). An unsubscribe of one purpose ends only sequences
 * that mail for that purpose.
 */
export const exitContact = async (
  contactId: string,
  reason: EnrollmentExitReason,
  options: { purpose?: string | undefined; force?: boolean } = {},
): Promise<number> => {
  let exited = 0;
  for (const enrollment of await enrollmentsOf(contactId)) {
    if (enrollment.status !== 'active') continue;
    const sequence = await readSequence(enrollment.sequenceId);
    const applies =
      options.force ||
      !sequence ||
      ((sequence.exit.on as readonly string[]).includes(reason) &&
        (options.purpose === undefined ||
          sequence.steps.some((step) => step.type === 'mail' && step.purpose === options.purpose)));
    const why = sequence ? reason : 'sequence_deleted';
    if (applies && (await exitEnrollment(enrollment.sequenceId, contactId, why))) exited++;
  }
  return exited;
};

// ---- MQL handoff ------------------------------------------------------------------------------

/**
 * A nurtured lead became an MQL: for each of the contact's enrollments (active or completed) its
 * owner gets a task due tomorrow, linked to the lead and the contact, and a mail, once per
 * enrollment (`handoffAt` is set in the task's transaction; the mail is claimed per enrollment).
 */
export const handOff = async (
  contactId: string,
  leadId: string,
  leadOwnerId: string | null,
): Promise<number> => {
  const contact = await readContact(contactId);
  if (!contact) return 0;
  let handedOff = 0;
  for (const listed of await enrollmentsOf(contactId)) {
    for (let round = 0; round < ROUNDS; round++) {
      const enrollment = await readEnrollment(listed.sequenceId, contactId);
      const sequence = await readSequence(listed.sequenceId);
      if (!enrollment || !sequence || enrollment.status === 'exited') break;
      const ownerId = leadOwnerId ?? contact.ownerId ?? null;
      if (!enrollment.handoffAt) {
        const task = ownerTask(
          `MQL: ${sequence.name}`,
          `The lead reached the MQL threshold while in the sequence "${sequence.name}".`,
          contact,
          leadId,
          ownerId,
        );
        const next: Enrollment = {
          ...enrollment,
          ...nextRecordMeta(enrollment),
          handoffAt: clock.now().toISOString(),
          leadId: enrollment.leadId ?? leadId,
        };
        const uow = new UnitOfWork(SYSTEM_ACTOR).replace(enrollmentItem(next), enrollment.version, stale);
        createTask(uow, task);
        uow.emit(sequenceHandoff, enrollment.id, { ...ids(next), ownerId, taskId: task.id });
        try {
          await uow.commit();
        } catch (error) {
          if (error instanceof Stale) continue;
          throw error;
        }
        handedOff++;
      }
      // Also on redelivery: the task is recorded, the mail may still be owed (the claim decides).
      await mailOwner(SEQUENCE_HANDOFF, enrollment.id, ownerId, {
        kind: 'handoff',
        sequenceName: sequence.name,
        contactId,
        leadId,
        dueAt: new Date(
          Date.parse(enrollment.handoffAt ?? clock.now().toISOString()) + 24 * HOUR_MS,
        ).toISOString(),
      });
      break;
    }
  }
  return handedOff;
};

// ---- Daily: segment entry ---------------------------------------------------------------------

/** One contact's failure does not stop the others; it is logged and counted. */
const isolated = async <T>(
  contactId: string,
  failures: string[],
  work: () => Promise<T>,
): Promise<T | undefined> => {
  try {
    return await work();
  } catch (error) {
    failures.push(contactId);
    logger.error('Daily sequence enrollment failed', { contactId, error: error as Error });
    return undefined;
  }
};

/**
 * Enrolls the current members of a segment-triggered active sequence's segment that were never
 * enrolled (one Query of the enrollments, one of the members; no Scan).
 */
export const enrollSegmentMembers = async (sequence: Sequence): Promise<number> => {
  if (sequence.trigger.type !== 'segment') return 0;
  const segmentId = sequence.trigger.segmentId;
  const count = await getItem(segmentCountKey(segmentId));
  if (count?.state !== 'ready') return 0;
  const enrolled = new Set<string>();
  const failures: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage(enrollmentsQuery(sequence.id, 500, cursor));
    for (const item of page.items) {
      const enrollment = enrollmentFromItem(item);
      enrolled.add(enrollment.contactId);
      // A retried daily run finishes first runs that failed the last time.
      await isolated(enrollment.contactId, failures, () => resumeInterrupted(enrollment));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  let added = 0;
  do {
    const page = await queryPage(segmentMembersQuery(segmentId, 500, cursor));
    for (const member of page.items) {
      const contactId = String(member.contactId);
      if (member.generation !== count.generation || enrolled.has(contactId)) continue;
      if (await isolated(contactId, failures, () => enroll(sequence, contactId, null))) added++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  // The others are done; the failed ones are tried again by the rule's retry or the next day.
  if (failures.length > 0)
    throw new Error(`${failures.length} enrollment(s) of sequence ${sequence.id} failed; see the log.`);
  return added;
};
