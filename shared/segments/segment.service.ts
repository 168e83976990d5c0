import { contactKey } from '#shared/contacts/contact.entity.ts';
import { assertVersion, newRecordMeta, planUpdate, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { conflict, notFound } from '#shared/platform/errors.ts';
import {
  type StoredCount,
  segmentCountItem,
  segmentCountKey,
  segmentFromItem,
  segmentItem,
  segmentKey,
  segmentListQuery,
  segmentMembersQuery,
} from './segment.entity.ts';
import { segmentChanged, segmentDeleted } from './segment.events.ts';
import type {
  CreateSegmentInput,
  ListSegmentsQuery,
  Segment,
  SegmentCount,
  SegmentView,
  UpdateSegmentInput,
} from './segment.schema.ts';

const readCount = async (segmentId: string): Promise<StoredCount | undefined> => {
  const item = await getItem(segmentCountKey(segmentId));
  return item ? (item as unknown as StoredCount) : undefined;
};

/** A count item of an older generation means the new rule is still being built. */
const viewOf = (segment: Segment, count: StoredCount | undefined): SegmentView => {
  const current = count?.generation === segment.generation;
  return {
    ...segment,
    state: current && count?.state === 'ready' ? 'ready' : 'building',
    memberCount: current ? Math.max(0, count?.count ?? 0) : 0,
  };
};

const findSegment = (id: string): Promise<Segment> =>
  findRecord(segmentKey(id), segmentFromItem, 'Segment', id);

/** Creates a segment in state `building`; the indexer builds its membership from the profiles. */
export const createSegment = (input: CreateSegmentInput, uow: UnitOfWork): SegmentView => {
  const segment: Segment = {
    ...newRecordMeta(),
    name: input.name,
    description: input.description ?? null,
    rule: input.rule,
    generation: 1,
  };
  uow.create(segmentItem(segment), () => conflict('Segment id collision; retry.'));
  uow.create(segmentCountItem(segment.id, 1), () => conflict('Segment id collision; retry.'));
  uow.emit(segmentChanged, segment.id, { generation: 1, rebuild: true });
  return viewOf(segment, undefined);
};

export const getSegment = async (id: string): Promise<SegmentView> => {
  const [segment, count] = await Promise.all([findSegment(id), readCount(id)]);
  return viewOf(segment, count);
};

export const listSegments = async (query: ListSegmentsQuery) => {
  const page = await queryPage(segmentListQuery(query.limit, query.cursor));
  const segments = page.items.map(segmentFromItem);
  const counts = await Promise.all(segments.map((segment) => readCount(segment.id)));
  return {
    items: segments.map((segment, index) => viewOf(segment, counts[index])),
    nextCursor: page.nextCursor,
  };
};

/** Changes name, description or rule; a new rule starts a new generation, rebuilt by the indexer. */
export const updateSegment = async (
  id: string,
  patch: UpdateSegmentInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<SegmentView> => {
  const [current, count] = await Promise.all([findSegment(id), readCount(id)]);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return viewOf(current, count);
  const rebuild = plan.changed.includes('rule');
  const next: Segment = { ...plan.next, generation: current.generation + (rebuild ? 1 : 0) };
  uow.replace(segmentItem(next), current.version, staleVersion('segment', current.version));
  if (rebuild) {
    // The count answers `building` from now on, until the indexer has built the new generation.
    uow.update(
      segmentCountKey(id),
      {
        UpdateExpression: 'SET #state = :building',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':building': 'building' },
      },
      () => notFound('Segment', id),
    );
  }
  uow.emit(segmentChanged, id, { generation: next.generation, rebuild });
  return viewOf(next, count);
};

/** Deletes the segment and its count; the indexer removes the member items afterwards. */
export const deleteSegment = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findSegment(id);
  assertVersion(current, ifMatch);
  uow.remove(segmentKey(id), staleVersion('segment', current.version), current.version);
  uow.removeIfPresent(segmentCountKey(id));
  uow.emit(segmentDeleted, id, { generation: current.generation });
};

/** The live count: exactly one GetItem (the count item); 404 when the segment does not exist. */
export const segmentCount = async (id: string): Promise<SegmentCount> => {
  const count = await readCount(id);
  if (!count) throw notFound('Segment', id);
  return { segmentId: id, count: Math.max(0, count.count), state: count.state, generation: count.generation };
};

/** A preview of members: contact ids with names, read from the contacts of one page of member items. */
export const segmentMembers = async (id: string, limit: number, cursor: string | undefined) => {
  const count = await readCount(id);
  if (!count) throw notFound('Segment', id);
  const page = await queryPage(segmentMembersQuery(id, limit, cursor));
  // Members of an older generation wait for the rebuild's clean-up; they are not shown.
  const contactIds = page.items
    .filter((item) => item.generation === count.generation)
    .map((item) => String(item.contactId));
  const contacts = await Promise.all(contactIds.map((contactId) => getItem(contactKey(contactId))));
  return {
    items: contactIds.map((contactId, index) => {
      const contact = contacts[index];
      return {
        contactId,
        firstName: typeof contact?.firstName === 'string' ? contact.firstName : null,
        lastName: typeof contact?.lastName === 'string' ? contact.lastName : null,
      };
    }),
    nextCursor: page.nextCursor,
  };
};
