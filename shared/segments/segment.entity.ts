import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import { shardOf } from '#shared/platform/db/shard.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { SegmentProfile } from './segment.rule.ts';
import type { Segment, SegmentState } from './segment.schema.ts';

/** Key layout of segments; docs/data-model.md (## Segments) lists the access patterns. */
export const SEGMENT_ENTITY = 'segment';
export const SEGMENT_COUNT_ENTITY = 'segment-count';
export const SEGMENT_MEMBER_ENTITY = 'segment-member';
export const SEGMENT_PROFILE_ENTITY = 'segment-profile';

/** Profiles are spread over this many partitions; a backfill reads them in parallel, one Query stream each. */
export const PROFILE_SHARDS = 16;

export const segmentKey = (id: string) => ({ pk: `SEGMENT#${id}`, sk: 'SEGMENT' });
/** The live count, its generation and build state: `GET …/count` is one GetItem of this. */
export const segmentCountKey = (id: string) => ({ pk: `SEGMENT#${id}`, sk: 'COUNT' });
export const segmentMemberKey = (segmentId: string, contactId: string) => ({
  pk: `SEGMENT#${segmentId}`,
  sk: `MEMBER#${contactId}`,
});

/** Stable shard of a contact (FNV-1a of its id), so a profile is found by GetItem. */
export const profileShard = (contactId: string): number => shardOf(contactId, PROFILE_SHARDS);
export const profilePartition = (shard: number): string => `SEGMENT_PROFILES#${shard}`;
export const segmentProfileKey = (contactId: string) => ({
  pk: profilePartition(profileShard(contactId)),
  sk: `CONTACT#${contactId}`,
});

export const segmentItem = (segment: Segment): StoredItem => ({
  ...segmentKey(segment.id),
  entity: SEGMENT_ENTITY,
  gsi4pk: 'SEGMENTS',
  gsi4sk: `SEGMENT#${segment.id}`,
  ...segment,
});
export const segmentFromItem = (item: Record<string, unknown>): Segment =>
  withoutStorageAttributes<Segment>(item);

export type StoredCount = { count: number; generation: number; state: SegmentState };

export const segmentCountItem = (segmentId: string, generation: number): StoredItem => ({
  ...segmentCountKey(segmentId),
  entity: SEGMENT_COUNT_ENTITY,
  segmentId,
  count: 0,
  generation,
  state: 'building',
});

/** A stored profile: the rule inputs, a version for optimistic writes, recent event ids against redelivery. */
export type StoredProfile = SegmentProfile & { version: number; seen: string[] };

export const profileItem = (profile: StoredProfile): StoredItem => ({
  ...segmentProfileKey(profile.contactId),
  entity: SEGMENT_PROFILE_ENTITY,
  ...profile,
});
export const profileFromItem = (item: Record<string, unknown>): StoredProfile => ({
  contactId: String(item.contactId),
  fields: (item.fields ?? {}) as StoredProfile['fields'],
  events: (item.events ?? {}) as StoredProfile['events'],
  pages: (item.pages ?? []) as StoredProfile['pages'],
  version: Number(item.version ?? 0),
  seen: (item.seen ?? []) as string[],
});

export const segmentListQuery = (limit: number, cursor: string | undefined): QuerySpec => ({
  index: 'gsi4',
  pk: 'SEGMENTS',
  skPrefix: 'SEGMENT#',
  limit,
  cursor,
});
export const segmentMembersQuery = (
  segmentId: string,
  limit: number,
  cursor: string | undefined,
): QuerySpec => ({
  pk: `SEGMENT#${segmentId}`,
  skPrefix: 'MEMBER#',
  limit,
  cursor,
});
export const profilesQuery = (shard: number, limit: number, cursor: string | undefined): QuerySpec => ({
  pk: profilePartition(shard),
  skPrefix: 'CONTACT#',
  limit,
  cursor,
});
