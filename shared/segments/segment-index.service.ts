import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { contactKey } from '#shared/contacts/contact.entity.ts';
import { leadKey } from '#shared/leads/lead.entity.ts';
import { clock } from '#shared/platform/clock.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import { getItem, queryAll, queryPage, tableName } from '#shared/platform/db/table.ts';
import { logger } from '#shared/platform/logger.ts';
import {
  PROFILE_SHARDS,
  profileFromItem,
  profileItem,
  profilesQuery,
  SEGMENT_MEMBER_ENTITY,
  type StoredCount,
  type StoredProfile,
  segmentCountKey,
  segmentFromItem,
  segmentKey,
  segmentListQuery,
  segmentMemberKey,
  segmentMembersQuery,
  segmentProfileKey,
} from './segment.entity.ts';
import { isTimeBased, matches, PROFILE_FIELDS, type SegmentProfile } from './segment.rule.ts';
import type { Segment } from './segment.schema.ts';

/** Page views remembered per contact for `where: { url }` conditions, newest first. */
export const MAX_RECENT_PAGES = 20;
/** Event ids remembered per profile, so a redelivered event is not counted twice. */
const MAX_SEEN = 20;
const BACKFILL_PAGE = 500;
const BACKFILL_PARALLEL_WRITES = 8;

// ---- Membership: item + count in one transaction, conditional on the generation --------------

const isConditionFailure = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed') &&
  !(error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/** The member items and the count item of one generation, changed in one transaction. */
const changeMembers = (
  segmentId: string,
  contactIds: readonly string[],
  generation: number,
  change: 'add' | 'remove',
): Promise<unknown> => {
  const sameGeneration = {
    ExpressionAttributeNames: { '#generation': 'generation' },
    ExpressionAttributeValues: { ':generation': generation },
  };
  const members = contactIds.map((contactId) =>
    change === 'add'
      ? {
          Put: {
            TableName: tableName(),
            Item: {
              ...segmentMemberKey(segmentId, contactId),
              entity: SEGMENT_MEMBER_ENTITY,
              contactId,
              generation,
            },
            ConditionExpression: 'attribute_not_exists(pk) OR #generation <> :generation',
            ...sameGeneration,
          },
        }
      : {
          Delete: {
            TableName: tableName(),
            Key: segmentMemberKey(segmentId, contactId),
            ConditionExpression: '#generation = :generation',
            ...sameGeneration,
          },
        },
  );
  const delta = change === 'add' ? contactIds.length : -contactIds.length;
  return dynamo.send(
    new TransactWriteCommand({
      TransactItems: [
        ...members,
        {
          Update: {
            TableName: tableName(),
            Key: segmentCountKey(segmentId),
            UpdateExpression: 'ADD #count :delta',
            ConditionExpression: '#generation = :generation',
            ExpressionAttributeNames: { '#count': 'count', '#generation': 'generation' },
            ExpressionAttributeValues: { ':delta': delta, ':generation': generation },
          },
        },
      ],
    }),
  );
};

/** One member change; false (a no-op) when it already holds or the segment moved to another generation. */
const changeMember = async (
  segmentId: string,
  contactId: string,
  generation: number,
  change: 'add' | 'remove',
): Promise<boolean> => {
  try {
    await changeMembers(segmentId, [contactId], generation, change);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

/**
 * Adds a member of generation `generation` and counts it, atomically; a no-op (false) when it is
 * already a member of that generation or the segment moved on to another generation.
 */
export const addMember = (segmentId: string, contactId: string, generation: number): Promise<boolean> =>
  changeMember(segmentId, contactId, generation, 'add');

/** Removes a member of this generation and uncounts it, atomically; a no-op when it is not one. */
export const removeMember = (segmentId: string, contactId: string, generation: number): Promise<boolean> =>
  changeMember(segmentId, contactId, generation, 'remove');

/** Members per backfill transaction (plus the count item): up to 100 items per transaction. */
const MEMBERS_PER_TRANSACTION = 50;

/**
 * Adds many members of one generation in one transaction with a single count increment; if one of
 * them is already a member (the incremental path got there first) the transaction is refused as a
 * whole and the chunk falls back to one transaction per member. Returns how many were added.
 */
export const addMembers = async (
  segmentId: string,
  contactIds: readonly string[],
  generation: number,
): Promise<number> => {
  if (contactIds.length === 0) return 0;
  try {
    await changeMembers(segmentId, contactIds, generation, 'add');
    return contactIds.length;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    let added = 0;
    for (const contactId of contactIds) if (await addMember(segmentId, contactId, generation)) added++;
    return added;
  }
};

/** Every segment definition (a small partition: tens to hundreds of items). */
export const allSegments = async (): Promise<Segment[]> => {
  const items = await queryAll((cursor) => segmentListQuery(200, cursor));
  return items.map(segmentFromItem);
};

/**
 * Brings every segment's membership of one contact in line with its profile change. Only segments
 * whose verdict (before and after, both at the current clock) changed are written; `force` writes
 * every verdict (a redelivered event). Memberships that change with time alone are the daily
 * re-evaluation's job (`reevaluateTimeBasedSegments`).
 */
export const reconcileMemberships = async (
  before: SegmentProfile | undefined,
  after: SegmentProfile | undefined,
  contactId: string,
  segments: readonly Segment[],
  force = false,
): Promise<void> => {
  const now = clock.now();
  await Promise.all(
    segments.map(async (segment) => {
      const was = before ? matches(segment.rule, before, now) : false;
      const is = after ? matches(segment.rule, after, now) : false;
      if (was === is && !force) return;
      if (is) await addMember(segment.id, contactId, segment.generation);
      else await removeMember(segment.id, contactId, segment.generation);
    }),
  );
};

// ---- Profiles ---------------------------------------------------------------------------------

/** A change of a profile caused by one event (idempotent by event id). */
export type ProfileChange = {
  eventId: string;
  /** Behaviour to count: event type and time, with the URL of a page view. */
  behaviour?: { type: string; at: string; url?: string | undefined };
  score?: number;
  /** Customer value and churn risk (shared/customer-value); kept from the profile when absent. */
  value?: { customerValue: number | null; churnRisk: number | null };
};

const readProfile = async (contactId: string): Promise<StoredProfile | undefined> => {
  const item = await getItem(segmentProfileKey(contactId));
  return item ? profileFromItem(item) : undefined;
};

const contactFields = (contact: Record<string, unknown>): SegmentProfile['fields'] => {
  const fields: SegmentProfile['fields'] = {};
  for (const field of PROFILE_FIELDS) {
    const value = contact[field];
    if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value)) fields[field] = value;
  }
  return fields;
};

const applyChange = (
  current: StoredProfile | undefined,
  contactId: string,
  contact: Record<string, unknown>,
  change: ProfileChange,
): StoredProfile => {
  const base: StoredProfile = current ?? {
    contactId,
    fields: {},
    events: {},
    pages: [],
    version: 0,
    seen: [],
  };
  const score = change.score ?? base.fields.score;
  const fields = { ...contactFields(contact), ...(score === undefined ? {} : { score }) };
  const value = change.value ?? {
    customerValue: base.fields.customerValue,
    churnRisk: base.fields.churnRisk,
  };
  if (typeof value.customerValue === 'number') fields.customerValue = value.customerValue;
  if (typeof value.churnRisk === 'number') fields.churnRisk = value.churnRisk;
  const events = { ...base.events };
  let pages = base.pages;
  const { behaviour } = change;
  if (behaviour) {
    const stat = events[behaviour.type];
    events[behaviour.type] = {
      lastAt: stat && stat.lastAt > behaviour.at ? stat.lastAt : behaviour.at,
      count: (stat?.count ?? 0) + 1,
    };
    if (behaviour.url) {
      pages = [
        { url: behaviour.url, at: behaviour.at },
        ...pages.filter((page) => page.url !== behaviour.url),
      ]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, MAX_RECENT_PAGES);
    }
  }
  return {
    contactId,
    fields,
    events,
    pages,
    version: base.version + 1,
    seen: [change.eventId, ...base.seen].slice(0, MAX_SEEN),
  };
};

const writeProfile = async (next: StoredProfile): Promise<boolean> => {
  try {
    await dynamo.send(
      new PutCommand({
        TableName: tableName(),
        Item: profileItem(next),
        ConditionExpression: next.version === 1 ? 'attribute_not_exists(pk)' : '#version = :expected',
        ...(next.version === 1
          ? {}
          : {
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': next.version - 1 },
            }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

const deleteProfile = async (contactId: string): Promise<void> => {
  await dynamo.send(new DeleteCommand({ TableName: tableName(), Key: segmentProfileKey(contactId) }));
};

/**
 * Applies one event to a contact's profile (fresh contact fields + the event's behaviour or score),
 * then reconciles the memberships. A contact that no longer exists loses profile and memberships.
 * Optimistic: a concurrent writer makes it re-read and retry.
 */
export const refreshProfile = async (
  contactId: string,
  change: ProfileChange,
  segments?: readonly Segment[],
): Promise<void> => {
  const definitions = segments ?? (await allSegments());
  for (let attempt = 0; attempt < 5; attempt++) {
    const [contact, current] = await Promise.all([getItem(contactKey(contactId)), readProfile(contactId)]);
    if (!contact) {
      if (current) await reconcileMemberships(current, undefined, contactId, definitions);
      await deleteProfile(contactId);
      return;
    }
    if (current?.seen.includes(change.eventId)) {
      // Redelivered: the profile has it; finish memberships in case the first delivery failed midway.
      await reconcileMemberships(current, current, contactId, definitions, true);
      return;
    }
    const next = applyChange(current, contactId, contact, change);
    if (await writeProfile(next)) {
      await reconcileMemberships(current, next, contactId, definitions);
      return;
    }
  }
  throw new Error(`Profile of contact ${contactId} kept changing; retry later.`);
};

/** The contact a lead belongs to, its score and (for a scored behaviour) the latest behaviour item. */
export const leadFacts = async (
  leadId: string,
  behaviour: string | null,
): Promise<{ contactId: string | null; score: number; behaviour?: ProfileChange['behaviour'] }> => {
  const lead = await getItem(leadKey(leadId));
  if (!lead) return { contactId: null, score: 0 };
  const contactId = typeof lead.contactId === 'string' ? lead.contactId : null;
  const score = typeof lead.score === 'number' ? lead.score : 0;
  if (!behaviour) return { contactId, score };
  const page = await queryPage({ pk: leadKey(leadId).pk, skPrefix: 'EVENT#', limit: 10, descending: true });
  const item = page.items.find((candidate) => candidate.type === behaviour);
  if (!item) return { contactId, score };
  return {
    contactId,
    score,
    behaviour: {
      type: behaviour,
      at: String(item.occurredAt),
      url: typeof item.url === 'string' ? new URL(item.url).pathname : undefined,
    },
  };
};

// ---- Backfill ---------------------------------------------------------------------------------

const readCountItem = async (segmentId: string): Promise<StoredCount | undefined> =>
  (await getItem(segmentCountKey(segmentId))) as StoredCount | undefined;

const inBatches = async <T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>) => {
  for (let start = 0; start < items.length; start += size)
    await Promise.all(items.slice(start, start + size).map(work));
};

/**
 * (Re)builds the membership of one segment generation from the profiles: a Query stream per profile
 * shard (never a Scan), a conditional add per match, then old-generation members are deleted and
 * the count item turns `ready`. Stops as soon as a newer generation supersedes this one.
 */
export const backfillSegment = async (
  segmentId: string,
  generation: number,
): Promise<{ scanned: number; added: number; stale: boolean }> => {
  const item = await getItem(segmentKey(segmentId));
  if (!item) return { scanned: 0, added: 0, stale: true };
  const segment = segmentFromItem(item);
  if (segment.generation !== generation) return { scanned: 0, added: 0, stale: true };
  // Start this generation's count (a no-op when it already runs, e.g. on redelivery).
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: segmentCountKey(segmentId),
        UpdateExpression:
          'SET #generation = :generation, #count = :zero, #state = :building, entity = :entity, segmentId = :id',
        ConditionExpression: 'attribute_not_exists(pk) OR #generation < :generation',
        ExpressionAttributeNames: { '#generation': 'generation', '#count': 'count', '#state': 'state' },
        ExpressionAttributeValues: {
          ':generation': generation,
          ':zero': 0,
          ':building': 'building',
          ':entity': 'segment-count',
          ':id': segmentId,
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
  }
  const now = clock.now();
  let scanned = 0;
  let added = 0;
  let stale = false;
  await Promise.all(
    Array.from({ length: PROFILE_SHARDS }, async (_, shard) => {
      let cursor: string | undefined;
      do {
        const page = await queryPage(profilesQuery(shard, BACKFILL_PAGE, cursor));
        const profiles = page.items.map(profileFromItem);
        scanned += profiles.length;
        const matching = profiles
          .filter((profile) => matches(segment.rule, profile, now))
          .map((profile) => profile.contactId);
        const chunks: string[][] = [];
        for (let start = 0; start < matching.length; start += MEMBERS_PER_TRANSACTION)
          chunks.push(matching.slice(start, start + MEMBERS_PER_TRANSACTION));
        await inBatches(chunks, BACKFILL_PARALLEL_WRITES, async (chunk) => {
          // Read `added` after the await: `added += await …` would add to a stale value.
          const count = await addMembers(segmentId, chunk, generation);
          added += count;
        });
        cursor = page.nextCursor ?? undefined;
        if (cursor && (await readCountItem(segmentId))?.generation !== generation) stale = true;
      } while (cursor && !stale);
    }),
  );
  if (stale) return { scanned, added, stale };
  await dropOldMembers(segmentId, generation);
  // Ready only if the rule has not moved on meanwhile (a PATCH marks the count `building` first).
  try {
    await dynamo.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName(),
              Key: segmentKey(segmentId),
              ConditionExpression: '#generation = :generation',
              ExpressionAttributeNames: { '#generation': 'generation' },
              ExpressionAttributeValues: { ':generation': generation },
            },
          },
          {
            Update: {
              TableName: tableName(),
              Key: segmentCountKey(segmentId),
              UpdateExpression: 'SET #state = :ready, builtAt = :now',
              ConditionExpression: '#generation = :generation',
              ExpressionAttributeNames: { '#state': 'state', '#generation': 'generation' },
              ExpressionAttributeValues: {
                ':ready': 'ready',
                ':now': now.toISOString(),
                ':generation': generation,
              },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return { scanned, added, stale: true };
    throw error;
  }
  logger.info('Segment built', { segmentId, generation, scanned, added });
  return { scanned, added, stale };
};

/** Deletes member items of generations before `generation` (all of them when it is undefined). */
export const dropOldMembers = async (segmentId: string, generation?: number): Promise<void> => {
  let cursor: string | undefined;
  do {
    const page = await queryPage(segmentMembersQuery(segmentId, BACKFILL_PAGE, cursor));
    const old = page.items.filter(
      (member) => generation === undefined || Number(member.generation) < generation,
    );
    await inBatches(old, BACKFILL_PARALLEL_WRITES, async (member) => {
      await dynamo
        .send(
          new DeleteCommand({
            TableName: tableName(),
            Key: { pk: member.pk, sk: member.sk },
            ...(generation === undefined
              ? {}
              : {
                  ConditionExpression: '#generation < :generation',
                  ExpressionAttributeNames: { '#generation': 'generation' },
                  ExpressionAttributeValues: { ':generation': generation },
                }),
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
        });
    });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
};

/**
 * Re-evaluates a time-based segment (`within_days`) at the current clock: contacts enter and leave
 * with time alone. Reads the current members and the profiles (Queries), writes only the changes.
 */
export const reevaluateSegment = async (segmentId: string): Promise<{ added: number; removed: number }> => {
  const [item, count] = await Promise.all([getItem(segmentKey(segmentId)), readCountItem(segmentId)]);
  if (!item || !count || count.state !== 'ready') return { added: 0, removed: 0 };
  const segment = segmentFromItem(item);
  if (count.generation !== segment.generation) return { added: 0, removed: 0 };
  const members = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await queryPage(segmentMembersQuery(segmentId, BACKFILL_PAGE, cursor));
    for (const member of page.items)
      if (member.generation === segment.generation) members.add(String(member.contactId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const now = clock.now();
  let added = 0;
  let removed = 0;
  await Promise.all(
    Array.from({ length: PROFILE_SHARDS }, async (_, shard) => {
      let shardCursor: string | undefined;
      do {
        const page = await queryPage(profilesQuery(shard, BACKFILL_PAGE, shardCursor));
        const changes = page.items
          .map(profileFromItem)
          .map((profile) => ({ profile, is: matches(segment.rule, profile, now) }))
          .filter(({ profile, is }) => is !== members.has(profile.contactId));
        await inBatches(changes, BACKFILL_PARALLEL_WRITES, async ({ profile, is }) => {
          if (is && (await addMember(segmentId, profile.contactId, segment.generation))) added++;
          if (!is && (await removeMember(segmentId, profile.contactId, segment.generation))) removed++;
        });
        shardCursor = page.nextCursor ?? undefined;
      } while (shardCursor);
    }),
  );
  logger.info('Segment re-evaluated', { segmentId, added, removed });
  return { added, removed };
};

/** The daily pass: re-evaluates every ready segment whose rule depends on time. */
export const reevaluateTimeBasedSegments = async (): Promise<number> => {
  const timeBased = (await allSegments()).filter((segment) => isTimeBased(segment.rule));
  for (const segment of timeBased) await reevaluateSegment(segment.id);
  return timeBased.length;
};
