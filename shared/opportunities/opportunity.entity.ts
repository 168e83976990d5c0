import { encodeCursor } from '#shared/platform/db/cursor.ts';
import { INDEXES, type IndexName, type StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { ListOpportunitiesQuery, Opportunity, Stage, StageChange } from './opportunity.schema.ts';

/** Key layout of opportunities; docs/data-model.md (section Opportunities) lists the access patterns. */
export const OPPORTUNITY_ENTITY = 'opportunity';
export const STAGE_CHANGE_ENTITY = 'opportunity-stage-change';

export const opportunityKey = (id: string) => ({ pk: `OPPORTUNITY#${id}`, sk: 'OPPORTUNITY' });

const PIPELINE_PK = 'OPPORTUNITIES';
const CLOSE_DATE_PK = 'OPPORTUNITY_CLOSE';

/** Kanban order within a stage: rank, then id (ranks are strings of 0-9a-z, all sorting after '#'). */
const boardSk = (stage: Stage, rank?: string, id?: string): string =>
  `STAGE#${stage}#${rank === undefined ? '' : `${rank}#${id ?? ''}`}`;

export const opportunityItem = (opportunity: Opportunity): StoredItem => {
  const sk = `OPPORTUNITY#${opportunity.id}`;
  return {
    ...opportunityKey(opportunity.id),
    entity: OPPORTUNITY_ENTITY,
    // The contact's collection (360° view) and the account's members include the opportunity.
    ...sparseKey(
      'gsi1pk',
      'gsi1sk',
      opportunity.contactId ? `CONTACT#${opportunity.contactId}` : undefined,
      sk,
    ),
    // An owner's opportunities sort by stage and rank, so an owner's board is one Query per stage.
    ...sparseKey(
      'gsi2pk',
      'gsi2sk',
      opportunity.ownerId ? `OWNER#${opportunity.ownerId}` : undefined,
      `OPPORTUNITY#${boardSk(opportunity.stage, opportunity.rank, opportunity.id)}`,
    ),
    ...sparseKey(
      'gsi3pk',
      'gsi3sk',
      opportunity.accountId ? `ACCOUNT#${opportunity.accountId}` : undefined,
      sk,
    ),
    gsi4pk: PIPELINE_PK,
    gsi4sk: boardSk(opportunity.stage, opportunity.rank, opportunity.id),
    gsi5pk: CLOSE_DATE_PK,
    gsi5sk: `${opportunity.expectedCloseDate}#${opportunity.id}`,
    ...opportunity,
  };
};

export const opportunityFromItem = (item: Record<string, unknown>): Opportunity =>
  withoutStorageAttributes<Opportunity>(item);

export const stageChangeItem = (change: StageChange): StoredItem => ({
  pk: opportunityKey(change.opportunityId).pk,
  sk: `STAGE#${change.id}`,
  entity: STAGE_CHANGE_ENTITY,
  ...change,
});

export const stageChangeFromItem = (item: Record<string, unknown>): StageChange =>
  withoutStorageAttributes<StageChange>(item);

/** An opportunity's stage history, oldest first (sort keys are ULIDs). */
export const stageHistoryQuery = (
  opportunityId: string,
  page: { limit: number; cursor?: string | undefined },
): QuerySpec => ({ pk: opportunityKey(opportunityId).pk, skPrefix: 'STAGE#', ...page });

/** The cards of one stage in Kanban order: the whole board, or one owner's. */
export const stageCardsQuery = (
  stage: Stage,
  ownerId: string | undefined,
  page: { limit: number; cursor?: string | undefined },
): QuerySpec =>
  ownerId
    ? { index: 'gsi2', pk: `OWNER#${ownerId}`, skPrefix: `OPPORTUNITY#${boardSk(stage)}`, ...page }
    : { index: 'gsi4', pk: PIPELINE_PK, skPrefix: boardSk(stage), ...page };

/** Opportunities expected to close between two dates (inclusive), in date order. */
export const closeDateQuery = (
  from: string,
  to: string,
  page: { limit: number; cursor?: string | undefined },
): QuerySpec => ({
  index: 'gsi5',
  pk: CLOSE_DATE_PK,
  // '~' sorts after every id character, so the whole of `to` is inside the range.
  skBetween: [`${from}#`, `${to}#~`],
  ...page,
});

/**
 * The cursor that continues a list after `item`: the key DynamoDB itself would return as
 * LastEvaluatedKey, so `GET /v1/opportunities?stage=&cursor=` pages on where the board stopped.
 */
export const cursorAfter = (item: StoredItem, index: IndexName): string | null => {
  const names = INDEXES[index];
  return encodeCursor({ pk: item.pk, sk: item.sk, [names.pk]: item[names.pk], [names.sk]: item[names.sk] });
};

/** Picks the index for a list: contact, account, owner, else the board; other filters narrow the same Query. */
export const opportunityListQuery = (query: ListOpportunitiesQuery): QuerySpec => {
  const page = { limit: query.limit, cursor: query.cursor };
  const filter = {
    ownerId: query.ownerId,
    accountId: query.accountId,
    contactId: query.contactId,
    stage: query.stage,
  };
  if (query.contactId) {
    return {
      index: 'gsi1',
      pk: `CONTACT#${query.contactId}`,
      skPrefix: 'OPPORTUNITY#',
      ...page,
      filter: { ...filter, contactId: undefined },
    };
  }
  if (query.accountId) {
    return {
      index: 'gsi3',
      pk: `ACCOUNT#${query.accountId}`,
      skPrefix: 'OPPORTUNITY#',
      ...page,
      filter: { ...filter, accountId: undefined },
    };
  }
  if (query.ownerId) {
    return {
      index: 'gsi2',
      pk: `OWNER#${query.ownerId}`,
      skPrefix: query.stage ? `OPPORTUNITY#${boardSk(query.stage)}` : 'OPPORTUNITY#STAGE#',
      ...page,
    };
  }
  return { index: 'gsi4', pk: PIPELINE_PK, skPrefix: query.stage ? boardSk(query.stage) : 'STAGE#', ...page };
};
