import { accountKey } from '#shared/accounts/account.entity.ts';
import { contactKey } from '#shared/contacts/contact.entity.ts';
import {
  assertVersion,
  newRecordMeta,
  nextRecordMeta,
  planUpdate,
  staleVersion,
} from '#shared/platform/db/record.ts';
import { findRecord, type Page, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict, validationFailed } from '#shared/platform/errors.ts';
import { newId } from '#shared/platform/ids.ts';
import { readSetting } from '#shared/platform/settings.ts';
import {
  opportunityFromItem,
  opportunityItem,
  opportunityKey,
  opportunityListQuery,
  STAGE_CHANGE_ENTITY,
  stageChangeFromItem,
  stageChangeItem,
  stageHistoryQuery,
} from './opportunity.entity.ts';
import {
  opportunityCreated,
  opportunityDeleted,
  opportunityLost,
  opportunityStageChanged,
  opportunityUpdated,
  opportunityWon,
} from './opportunity.events.ts';
import {
  type ChangeStageInput,
  type CreateOpportunityInput,
  isClosed,
  type ListOpportunitiesQuery,
  type Opportunity,
  type Stage,
  type StageChange,
  type UpdateOpportunityInput,
} from './opportunity.schema.ts';
import { lostReasonsSetting, opportunityStagesSetting, type StageConfig } from './opportunity.settings.ts';

const DAY_MS = 86_400_000;
const wholeDaysBetween = (from: string, to: string): number =>
  Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS));

/** The configured stages in board order. */
export const configuredStages = async (): Promise<StageConfig[]> =>
  (await readSetting(opportunityStagesSetting)).stages;

const stageProbability = (stages: readonly StageConfig[], stage: Stage): string =>
  stages.find((candidate) => candidate.name === stage)?.probability ?? '0';

/** A new card goes to the bottom of its column: a time-ordered rank (the lower-cased ULID). */
const bottomRank = (): string => newId().toLowerCase();

const requireLostReason = async (reason: string | undefined): Promise<string> => {
  const { reasons } = await readSetting(lostReasonsSetting);
  if (reason === undefined || !reasons.includes(reason)) {
    throw validationFailed([
      { path: 'lostReason', message: `A lost opportunity needs one of: ${reasons.join(', ')}.` },
    ]);
  }
  return reason;
};

const requireLinks = (uow: UnitOfWork, next: Opportunity, before?: Opportunity): void => {
  if (next.accountId && next.accountId !== before?.accountId) {
    const id = next.accountId;
    uow.requireExists(accountKey(id), () => new AppError('unprocessable', `Account ${id} does not exist.`));
  }
  if (next.contactId && next.contactId !== before?.contactId) {
    const id = next.contactId;
    uow.requireExists(contactKey(id), () => new AppError('unprocessable', `Contact ${id} does not exist.`));
  }
};

const links = (opportunity: Opportunity) => ({
  accountId: opportunity.accountId,
  contactId: opportunity.contactId,
  ownerId: opportunity.ownerId,
});

/** The closing fields that belong to a stage, stamped with the moment of the move. */
const closing = (stage: Stage, at: string, lostReason: string | null) => ({
  closedAt: isClosed(stage) ? at : null,
  wonAt: stage === 'closed_won' ? at : null,
  lostAt: stage === 'closed_lost' ? at : null,
  lostReason: stage === 'closed_lost' ? lostReason : null,
});

/** Writes the history item of a move and the events it implies, in the caller's transaction. */
const recordMove = (uow: UnitOfWork, next: Opportunity, previous: Opportunity | undefined): void => {
  const change: StageChange = {
    id: newId(),
    opportunityId: next.id,
    from: previous?.stage ?? null,
    to: next.stage,
    at: next.stageEnteredAt,
    actorId: uow.actor.id,
    amount: next.amount,
    probability: next.probability,
    lostReason: next.lostReason,
  };
  uow.create(stageChangeItem(change), () => conflict('Stage change collision; retry.'));
  if (previous) {
    uow.emit(opportunityStageChanged, next.id, {
      ...links(next),
      from: previous.stage,
      to: next.stage,
      amount: next.amount,
      probability: next.probability,
      daysInPreviousStage: wholeDaysBetween(previous.stageEnteredAt, next.stageEnteredAt),
    });
  }
  const daysToClose = wholeDaysBetween(next.createdAt, next.stageEnteredAt);
  if (next.stage === 'closed_won') {
    uow.emit(opportunityWon, next.id, { ...links(next), amount: next.amount, daysToClose });
  }
  if (next.stage === 'closed_lost') {
    uow.emit(opportunityLost, next.id, {
      ...links(next),
      amount: next.amount,
      lostReason: next.lostReason ?? 'other',
      lostFrom: previous?.stage ?? null,
      daysToClose,
    });
  }
};

/**
 * Creates an opportunity in its first stage (default qualification) with the first history item,
 * checking that the linked account and contact exist, all in one transaction.
 */
export const createOpportunity = async (
  input: CreateOpportunityInput,
  uow: UnitOfWork,
): Promise<Opportunity> => {
  const stages = await configuredStages();
  const lostReason = input.stage === 'closed_lost' ? await requireLostReason(input.lostReason) : null;
  const meta = newRecordMeta();
  const opportunity: Opportunity = {
    ...meta,
    name: input.name,
    accountId: input.accountId ?? null,
    contactId: input.contactId ?? null,
    leadId: input.leadId ?? null,
    amount: input.amount,
    stage: input.stage,
    probability: input.probability ?? stageProbability(stages, input.stage),
    probabilityOverridden: typeof input.probability === 'string',
    expectedCloseDate: input.expectedCloseDate,
    // Whoever creates an opportunity owns it unless they name another owner.
    ownerId: input.ownerId === undefined ? (uow.actor.type === 'user' ? uow.actor.id : null) : input.ownerId,
    description: input.description ?? null,
    rank: input.rank ?? bottomRank(),
    stageEnteredAt: meta.createdAt,
    ...closing(input.stage, meta.createdAt, lostReason),
  };
  uow.create(opportunityItem(opportunity), () => conflict('Id collision; retry.'));
  requireLinks(uow, opportunity);
  uow.emit(opportunityCreated, opportunity.id, {
    ...links(opportunity),
    leadId: opportunity.leadId,
    stage: opportunity.stage,
    probability: opportunity.probability,
    amount: opportunity.amount,
    expectedCloseDate: opportunity.expectedCloseDate,
  });
  recordMove(uow, opportunity, undefined);
  return opportunity;
};

export const findOpportunity = (id: string): Promise<Opportunity> =>
  findRecord(opportunityKey(id), opportunityFromItem, 'Opportunity', id);

export const updateOpportunity = async (
  id: string,
  patch: UpdateOpportunityInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Opportunity> => {
  const current = await findOpportunity(id);
  const { probability, ...fields } = patch;
  const change: Partial<Opportunity> = { ...fields };
  if (probability !== undefined) {
    // null hands the probability back to the stage.
    change.probability = probability ?? stageProbability(await configuredStages(), current.stage);
    change.probabilityOverridden = probability !== null;
  }
  const plan = planUpdate(current, change, ifMatch);
  if (!plan) return current;
  const { next, changed } = plan;
  uow.replace(opportunityItem(next), current.version, staleVersion('opportunity', current.version));
  requireLinks(uow, next, current);
  uow.emit(opportunityUpdated, id, {
    changed,
    ...links(next),
    stage: next.stage,
    probability: next.probability,
    amount: next.amount,
    expectedCloseDate: next.expectedCloseDate,
  });
  return next;
};

/**
 * Moves an opportunity to a stage (or within its column, when only the rank changes). A real move
 * writes a history item, takes the stage's probability unless one is given, stamps closedAt/wonAt/
 * lostAt and emits `opportunity.stage_changed` (plus `won`/`lost`), all in one transaction.
 */
export const changeStage = async (
  id: string,
  input: ChangeStageInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Opportunity> => {
  const current = await findOpportunity(id);
  assertVersion(current, ifMatch);
  if (input.stage === current.stage) {
    // A reorder within the column: no history, no stage event.
    const sameProbability = input.probability === undefined || input.probability === current.probability;
    const sameReason = input.lostReason === undefined || input.lostReason === current.lostReason;
    if ((input.rank === undefined || input.rank === current.rank) && sameProbability && sameReason) {
      return current;
    }
    const lostReason =
      current.stage === 'closed_lost' && input.lostReason !== undefined
        ? await requireLostReason(input.lostReason)
        : current.lostReason;
    const next: Opportunity = {
      ...current,
      ...nextRecordMeta(current),
      rank: input.rank ?? current.rank,
      probability: input.probability ?? current.probability,
      probabilityOverridden: input.probability === undefined ? current.probabilityOverridden : true,
      lostReason,
    };
    uow.replace(opportunityItem(next), current.version, staleVersion('opportunity', current.version));
    return next;
  }
  const stages = await configuredStages();
  const lostReason = input.stage === 'closed_lost' ? await requireLostReason(input.lostReason) : null;
  const meta = nextRecordMeta(current);
  const next: Opportunity = {
    ...current,
    ...meta,
    stage: input.stage,
    probability: input.probability ?? stageProbability(stages, input.stage),
    probabilityOverridden: input.probability !== undefined,
    rank: input.rank ?? bottomRank(),
    stageEnteredAt: meta.updatedAt,
    ...closing(input.stage, meta.updatedAt, lostReason),
  };
  uow.replace(opportunityItem(next), current.version, staleVersion('opportunity', current.version));
  recordMove(uow, next, current);
  return next;
};

/** Deletes an opportunity with its stage history (one transaction; a history has a few dozen items). */
export const deleteOpportunity = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findOpportunity(id);
  assertVersion(current, ifMatch);
  const history = await queryPage(stageHistoryQuery(id, { limit: 90 }));
  uow.remove(opportunityKey(id), staleVersion('opportunity', current.version), current.version);
  for (const item of history.items) {
    if (item.entity === STAGE_CHANGE_ENTITY) uow.removeIfPresent({ pk: item.pk, sk: item.sk });
  }
  uow.emit(opportunityDeleted, id, { ...links(current), stage: current.stage });
};

export const listOpportunities = async (
  query: ListOpportunitiesQuery,
): Promise<{ items: Opportunity[]; nextCursor: string | null }> => {
  const page: Page = await queryPage(opportunityListQuery(query));
  return { items: page.items.map(opportunityFromItem), nextCursor: page.nextCursor };
};

export const stageHistory = async (
  id: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: StageChange[]; nextCursor: string | null }> => {
  await findOpportunity(id);
  const result = await queryPage(stageHistoryQuery(id, page));
  return { items: result.items.map(stageChangeFromItem), nextCursor: result.nextCursor };
};
