import { setTimeout as sleep } from 'node:timers/promises';
import { accountListQuery } from '#shared/accounts/account.entity.ts';
import {
  contactEmailKey,
  contactFromItem,
  contactItem,
  contactKey,
} from '#shared/contacts/contact.entity.ts';
import { contactUpdated } from '#shared/contacts/contact.events.ts';
import { nowIso } from '#shared/platform/clock.ts';
import {
  assertVersion,
  newRecordMeta,
  nextRecordMeta,
  planUpdate,
  staleVersion,
} from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryPage } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict, notFound } from '#shared/platform/errors.ts';
import type { Actor } from '#shared/platform/events/event.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { type AssignmentOutcome, holdsSlot, moveSlot, planAssignment } from './lead.assignment.ts';
import { LEAD_ATTEMPTS } from './lead.attempts.ts';
import { companyDomainOf } from './lead.enrichment.ts';
import {
  leadBehaviourItem,
  leadEmailItem,
  leadEmailKey,
  leadFromItem,
  leadItem,
  leadKey,
  leadListQuery,
  leadPartitionQuery,
  leadQualifiedItem,
  leadSubmissionItem,
  scoreChangeFromItem,
  scoreChangeItem,
  scoreHistoryQuery,
} from './lead.entity.ts';
import {
  leadAssigned,
  leadCaptured,
  leadDeleted,
  leadQualified,
  leadScored,
  leadUpdated,
} from './lead.events.ts';
import {
  type BehaviourInput,
  type BehaviourType,
  type CreateLeadInput,
  type Lead,
  type ListLeadsQuery,
  OPEN_LEAD_STATUSES,
  type ScoreChange,
  type UpdateLeadInput,
} from './lead.schema.ts';
import {
  behaviourChange,
  crossesThreshold,
  type PointChange,
  profileChanges,
  profilePointsOf,
} from './lead.scoring.ts';
import { type LeadScoring, leadAssignmentSetting, leadScoringSetting } from './lead.settings.ts';

// ---------------------------------------------------------------------------------------------
// Races. Captures, behaviour events and assignments read, decide and write conditionally; when a
// concurrent request wins a condition, the write fails with a 409 carrying Retry-After, and the
// caller runs the use case again on fresh reads: the HTTP operations through `attempts`, other
// callers (import, consumers) through `withRetries`.

const RETRY_AFTER = { headers: { 'retry-after': '1' } };
/** A condition lost against a concurrent change of the same lead, counter or load. */
const race = (what: string) => () =>
  new AppError('conflict', `${what} changed at the same moment; retry.`, RETRY_AFTER);
const isRace = (error: unknown): boolean =>
  error instanceof AppError && error.status === 409 && error.headers['retry-after'] !== undefined;

/**
 * Runs a use case in a fresh unit of work and commits it; on a lost race, waits a little and runs it
 * again. For callers outside HTTP (CSV import, queue consumers).
 */
export const withRetries = async <T>(actor: Actor, attempt: (uow: UnitOfWork) => Promise<T>): Promise<T> => {
  for (let round = 1; ; round += 1) {
    const uow = new UnitOfWork(actor);
    try {
      const result = await attempt(uow);
      await uow.commit();
      return result;
    } catch (error) {
      if (round >= LEAD_ATTEMPTS || !isRace(error)) throw error;
      await sleep(Math.floor(Math.random() * 15 * Math.min(round, 6)) + 5);
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Scoring inside a unit of work.

const EARLIER_THAN_MQL = new Set(['subscriber', 'lead']);

/** The linked contact moves to `mql` when it is earlier in the funnel (versioned, same transaction). */
const liftContact = async (uow: UnitOfWork, contactId: string): Promise<void> => {
  const item = await getItem(contactKey(contactId));
  if (!item) return;
  const contact = contactFromItem(item);
  if (!EARLIER_THAN_MQL.has(contact.lifecycleStage)) return;
  const next = { ...contact, ...nextRecordMeta(contact), lifecycleStage: 'mql' as const };
  uow.replace(contactItem(next), contact.version, race('The linked contact'));
  uow.emit(contactUpdated, contactId, {
    changed: ['lifecycleStage'],
    accountId: next.accountId ?? null,
    ownerId: next.ownerId ?? null,
    lifecycleStage: 'mql',
    previousLifecycleStage: contact.lifecycleStage,
  });
};

/**
 * Applies score changes to the next version of a lead: one score-history item per change, a
 * `lead.scored` event, and, when the score reaches the threshold for the first time, status `mql`,
 * `qualifiedAt`, the QUALIFIED marker (created once: concurrent crossings cannot both commit) and
 * `lead.qualified`.
 */
const applyScore = async (
  uow: UnitOfWork,
  lead: Lead,
  changes: readonly PointChange[],
  behaviour: BehaviourType | null,
  scoring: LeadScoring,
): Promise<{ lead: Lead; history: ScoreChange[]; qualified: boolean }> => {
  if (changes.length === 0) return { lead, history: [], qualified: false };
  let score = lead.score;
  const history: ScoreChange[] = [];
  for (const change of changes) {
    score += change.points;
    const item = scoreChangeItem({
      leadId: lead.id,
      ...change,
      scoreAfter: score,
      at: lead.updatedAt,
      actorId: uow.actor.id,
    });
    uow.create(item, race('Score history'));
    history.push(scoreChangeFromItem(item));
  }
  const qualified = crossesThreshold(lead, score, scoring);
  const next: Lead = qualified
    ? { ...lead, score, status: 'mql', qualifiedAt: lead.updatedAt }
    : { ...lead, score };
  uow.emit(leadScored, lead.id, {
    score,
    previousScore: lead.score,
    rules: changes.map((change) => change.rule),
    behaviour,
    status: next.status,
  });
  if (qualified) {
    uow.create(leadQualifiedItem(lead.id, lead.updatedAt), race('Qualification'), 1);
    uow.emit(leadQualified, lead.id, {
      score,
      threshold: scoring.mqlThreshold,
      ownerId: next.ownerId ?? null,
      contactId: next.contactId ?? null,
      source: next.source,
    });
    if (next.contactId) await liftContact(uow, next.contactId);
  }
  return { lead: next, history, qualified };
};

/** Profile rules re-evaluated after fields changed. */
const rescoreProfile = async (uow: UnitOfWork, lead: Lead, scoring: LeadScoring) => {
  const after = profilePointsOf(lead, scoring);
  const changes = profileChanges(lead.profilePoints, after);
  return applyScore(uow, { ...lead, profilePoints: after }, changes, null, scoring);
};

const emitAssignment = (
  uow: UnitOfWork,
  leadId: string,
  result: AssignmentOutcome | { outcome: 'manual'; ownerId: string; ruleId: null },
  previousOwnerId: string | null,
): void => {
  uow.emit(leadAssigned, leadId, {
    ownerId: result.ownerId,
    previousOwnerId,
    ruleId: result.ruleId,
    outcome: result.outcome,
  });
};

// ---------------------------------------------------------------------------------------------
// Capture: forms, API, campaigns, events, import.

/** What a capture brings: the person, where they came from, and what they sent (kept as a submission). */
export type CaptureInput = CreateLeadInput & {
  /** The submitted fields as sent, kept with the submission (not in events or logs). */
  submitted?: Record<string, string>;
};

const CAPTURE_FILLABLE = [
  'firstName',
  'lastName',
  'company',
  'phone',
  'message',
  'country',
  'territory',
  'team',
  'budget',
  'authority',
  'need',
  'timing',
] as const;

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';

/** Contact with this email (its uniqueness claim, read consistently) and account by email domain. */
const lookUpLinks = async (
  email: string,
): Promise<{ contactId?: string; account?: { id: string; name: string } }> => {
  const domain = companyDomainOf(email);
  const [claim, accounts] = await Promise.all([
    getItem(contactEmailKey(email)),
    domain ? queryPage(accountListQuery({ domain, limit: 1 })) : undefined,
  ]);
  const account = accounts?.items[0];
  return {
    ...(typeof claim?.contactId === 'string' ? { contactId: claim.contactId } : {}),
    ...(account ? { account: { id: String(account.id), name: String(account.name) } } : {}),
  };
};

/** Keeps what the person sent with the lead and emits `lead.captured`. */
const recordSubmission = (
  uow: UnitOfWork,
  lead: Lead,
  input: CaptureInput,
  at: string,
  returning: boolean,
) => {
  uow.create(
    leadSubmissionItem(lead.id, {
      source: input.source,
      message: input.message ?? null,
      fields: input.submitted ?? {},
      at,
    }),
    () => conflict('Submission collision; retry.'),
  );
  uow.emit(leadCaptured, lead.id, {
    source: input.source,
    status: lead.status,
    score: lead.score,
    ownerId: lead.ownerId ?? null,
    contactId: lead.contactId ?? null,
    accountId: lead.accountId ?? null,
    returning,
  });
};

const newLead = async (uow: UnitOfWork, input: CaptureInput, at: string): Promise<Lead> => {
  const { email, source, submitted, ...fields } = input;
  const links = await lookUpLinks(email);
  const [scoring, assignment] = await Promise.all([
    readSetting(leadScoringSetting),
    readSetting(leadAssignmentSetting),
  ]);
  let lead: Lead = {
    ...newRecordMeta(),
    email,
    ...fields,
    company: fields.company ?? links.account?.name ?? null,
    source,
    status: 'new',
    score: 0,
    profilePoints: {},
    dailyPoints: {},
    contactId: links.contactId ?? null,
    accountId: links.account?.id ?? null,
    ownerId: fields.ownerId ?? null,
    qualifiedAt: null,
    assignedAt: fields.ownerId ? at : null,
    submissions: 1,
  };
  if (lead.ownerId) moveSlot(uow, undefined, lead);
  else {
    const result = await planAssignment(uow, lead, assignment);
    if (result.ownerId) lead = { ...lead, ownerId: result.ownerId, assignedAt: at };
    if (result.outcome !== 'no_rule') emitAssignment(uow, lead.id, result, null);
  }
  const scored = await rescoreProfile(uow, lead, scoring);
  lead = scored.lead;
  uow.create(leadItem(lead), () => conflict('Id collision; retry.'));
  uow.create(leadEmailItem(lead), race('A lead with this email'), 2);
  recordSubmission(uow, lead, input, at, false);
  return lead;
};

/** A returning person: the submission is kept, empty fields are filled, links added; never a second lead. */
const mergeIntoLead = async (
  uow: UnitOfWork,
  current: Lead,
  input: CaptureInput,
  at: string,
): Promise<Lead> => {
  const fills: Partial<Lead> = {};
  for (const field of CAPTURE_FILLABLE) {
    const value = input[field];
    if (!isEmpty(value) && isEmpty(current[field])) Object.assign(fills, { [field]: value });
  }
  if (!current.contactId || !current.accountId) {
    const links = await lookUpLinks(current.email);
    if (!current.contactId && links.contactId) fills.contactId = links.contactId;
    if (!current.accountId && links.account) {
      fills.accountId = links.account.id;
      if (isEmpty(current.company) && isEmpty(fills.company)) fills.company = links.account.name;
    }
  }
  const scoring = await readSetting(leadScoringSetting);
  let lead: Lead = { ...current, ...fills, ...nextRecordMeta(current), submissions: current.submissions + 1 };
  if (!current.ownerId && input.ownerId && holdsSlot({ ownerId: input.ownerId, status: lead.status })) {
    lead = { ...lead, ownerId: input.ownerId, assignedAt: at };
    moveSlot(uow, current, lead);
  }
  lead = (await rescoreProfile(uow, lead, scoring)).lead;
  uow.replace(leadItem(lead), current.version, race('The lead'));
  recordSubmission(uow, lead, input, at, true);
  return lead;
};

/**
 * Captures a lead, de-duplicated by normalised email: the email claim is created in the lead's
 * transaction, so of two concurrent captures of one person exactly one creates the lead and the
 * other (its claim refused, a lost race) merges into it on its next attempt.
 */
export const captureLead = async (
  input: CaptureInput,
  uow: UnitOfWork,
): Promise<{ lead: Lead; created: boolean }> => {
  const at = nowIso();
  const claim = await getItem(leadEmailKey(input.email));
  const existing = typeof claim?.leadId === 'string' ? await getItem(leadKey(claim.leadId)) : undefined;
  if (existing) return { lead: await mergeIntoLead(uow, leadFromItem(existing), input, at), created: false };
  // Claim and lead are written and deleted together; a claim without its lead is a lead being deleted now.
  if (claim) throw race('The lead with this email')();
  return { lead: await newLead(uow, input, at), created: true };
};

// ---------------------------------------------------------------------------------------------
// Records.

export const findLead = (id: string): Promise<Lead> => findRecord(leadKey(id), leadFromItem, 'Lead', id);

export const listLeads = async (
  query: ListLeadsQuery,
): Promise<{ items: Lead[]; nextCursor: string | null }> => {
  const page = await queryPage(leadListQuery(query));
  return { items: page.items.map(leadFromItem), nextCursor: page.nextCursor };
};

export const updateLead = async (
  id: string,
  patch: UpdateLeadInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Lead> => {
  const current = await findLead(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  if (current.status === 'converted') throw new AppError('unprocessable', 'A converted lead is closed.');
  const { changed } = plan;
  let next = plan.next;
  if (next.ownerId !== current.ownerId) next = { ...next, assignedAt: next.ownerId ? next.updatedAt : null };
  const scoring = await readSetting(leadScoringSetting);
  next = (await rescoreProfile(uow, next, scoring)).lead;
  moveSlot(uow, current, next);
  uow.replace(leadItem(next), current.version, staleVersion('lead', current.version));
  uow.emit(leadUpdated, id, {
    changed,
    status: next.status,
    previousStatus: current.status,
    ownerId: next.ownerId ?? null,
  });
  return next;
};

/** Deletes the lead with its submissions, behaviour and score history, and frees its owner's slot. */
export const deleteLead = async (id: string, ifMatch: number | undefined, uow: UnitOfWork): Promise<void> => {
  const current = await findLead(id);
  assertVersion(current, ifMatch);
  // Children beyond what fits next to the lead's own writes go first, in transactions of their own.
  const CHUNK = 80;
  for (;;) {
    const page = await queryPage(leadPartitionQuery(id, CHUNK + 1));
    const children = page.items.filter((item) => item.sk !== 'LEAD');
    if (children.length <= CHUNK && page.nextCursor === null) {
      for (const child of children) uow.removeIfPresent({ pk: child.pk, sk: child.sk });
      break;
    }
    const batch = new UnitOfWork(uow.actor);
    for (const child of children.slice(0, CHUNK)) batch.removeIfPresent({ pk: child.pk, sk: child.sk });
    await batch.commit();
  }
  uow.remove(leadKey(id), staleVersion('lead', current.version), current.version);
  uow.removeIfPresent(leadEmailKey(current.email));
  moveSlot(uow, current, undefined);
  uow.emit(leadDeleted, id, { status: current.status });
};

/**
 * Records a behaviour event and rescores, in one transaction: the event item, one score-history item
 * per point change, the lead (versioned), and on crossing the threshold the qualification.
 */
export const recordBehaviour = async (id: string, input: BehaviourInput, uow: UnitOfWork) => {
  const current = await findLead(id);
  const scoring = await readSetting(leadScoringSetting);
  const occurredAt = input.occurredAt ?? nowIso();
  const { change, dailyPoints } = behaviourChange({ ...input, occurredAt }, current.dailyPoints, scoring);
  uow.create(
    leadBehaviourItem(id, { ...input, occurredAt, points: change?.points ?? 0, rule: change?.rule ?? null }),
    () => conflict('Behaviour collision; retry.'),
  );
  if (!change) {
    uow.requireExists(leadKey(id), () => notFound('Lead', id));
    return { lead: current, points: 0, changes: [], qualified: false };
  }
  const draft: Lead = { ...current, ...nextRecordMeta(current), dailyPoints };
  const scored = await applyScore(uow, draft, [change], input.type, scoring);
  uow.replace(leadItem(scored.lead), current.version, race('The lead'));
  return { lead: scored.lead, points: change.points, changes: scored.history, qualified: scored.qualified };
};

export const scoreHistory = async (id: string, limit: number, cursor: string | undefined) => {
  await findLead(id);
  const page = await queryPage(scoreHistoryQuery(id, limit, cursor));
  return { items: page.items.map(scoreChangeFromItem), nextCursor: page.nextCursor };
};

/**
 * Assigns a lead: to the named owner, or by the `lead-assignment` rules (round-robin with capacity).
 * A lead that already has an owner keeps it unless an owner is named.
 */
export const assignLead = async (id: string, ownerId: string | undefined, uow: UnitOfWork): Promise<Lead> => {
  const current = await findLead(id);
  if (!OPEN_LEAD_STATUSES.includes(current.status)) {
    throw new AppError('unprocessable', `A ${current.status} lead is not assigned any more.`);
  }
  if (ownerId === current.ownerId || (!ownerId && current.ownerId)) return current;
  const meta = nextRecordMeta(current);
  let next: Lead;
  if (ownerId) {
    next = { ...current, ...meta, ownerId, assignedAt: meta.updatedAt };
    moveSlot(uow, current, next);
    emitAssignment(uow, id, { outcome: 'manual', ownerId, ruleId: null }, current.ownerId ?? null);
  } else {
    const result = await planAssignment(uow, current, await readSetting(leadAssignmentSetting));
    emitAssignment(uow, id, result, null);
    if (!result.ownerId) {
      uow.requireExists(leadKey(id), () => notFound('Lead', id));
      return current;
    }
    next = { ...current, ...meta, ownerId: result.ownerId, assignedAt: meta.updatedAt };
  }
  uow.replace(leadItem(next), current.version, race('The lead'));
  return next;
};

/**
 * For the conversion use case: the lead's writes when it is converted (status, links, the owner's
 * slot freed). The caller emits `lead.converted` and commits.
 */
export const markLeadConverted = (
  uow: UnitOfWork,
  current: Lead,
  links: { contactId: string; accountId: string | null; opportunityId: string },
  lostRace?: () => Error,
): Lead => {
  const meta = nextRecordMeta(current);
  const next: Lead = { ...current, ...meta, status: 'converted', ...links, convertedAt: meta.updatedAt };
  moveSlot(uow, current, next);
  // A concurrent change of the lead is what decides a lost race, before any claim it also tripped.
  if (lostRace) uow.replace(leadItem(next), current.version, lostRace, 50);
  else uow.replace(leadItem(next), current.version, staleVersion('lead', current.version));
  return next;
};
