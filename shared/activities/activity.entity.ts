import type { StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { Activity, ListActivitiesQuery } from './activity.schema.ts';

/** Key layout of activities; docs/data-model.md lists the access patterns these keys serve. */
export const ACTIVITY_ENTITY = 'activity';

export const activityKey = (id: string) => ({ pk: `ACTIVITY#${id}`, sk: 'ACTIVITY' });

/** The deal or case an activity belongs to (index gsi4): opportunity first, then ticket, then lead. */
const relatedPk = (activity: Pick<Activity, 'opportunityId' | 'ticketId' | 'leadId'>): string | undefined => {
  if (activity.opportunityId) return `RELATED#OPPORTUNITY#${activity.opportunityId}`;
  if (activity.ticketId) return `RELATED#TICKET#${activity.ticketId}`;
  if (activity.leadId) return `RELATED#LEAD#${activity.leadId}`;
  return undefined;
};

export const activityItem = (activity: Activity): StoredItem => {
  const sk = `ACTIVITY#${activity.id}`;
  return {
    ...activityKey(activity.id),
    entity: ACTIVITY_ENTITY,
    // The contact's collection (the 360° view) and the account's members include the activity.
    ...sparseKey('gsi1pk', 'gsi1sk', activity.contactId ? `CONTACT#${activity.contactId}` : undefined, sk),
    ...sparseKey('gsi2pk', 'gsi2sk', activity.ownerId ? `OWNER#${activity.ownerId}` : undefined, sk),
    ...sparseKey('gsi3pk', 'gsi3sk', activity.accountId ? `ACCOUNT#${activity.accountId}` : undefined, sk),
    ...sparseKey('gsi4pk', 'gsi4sk', relatedPk(activity), sk),
    ...activity,
  };
};

export const activityFromItem = (item: Record<string, unknown>): Activity =>
  withoutStorageAttributes<Activity>(item);

/** Newest first, by the most specific link given; other filters narrow the same Query. */
export const activityListQuery = (query: ListActivitiesQuery): QuerySpec | undefined => {
  const page = { limit: query.limit, cursor: query.cursor, skPrefix: 'ACTIVITY#', descending: true };
  const filter = {
    type: query.type,
    contactId: query.contactId,
    accountId: query.accountId,
    ownerId: query.ownerId,
  };
  const related = relatedPk(query);
  if (related) return { index: 'gsi4', pk: related, ...page, filter };
  if (query.contactId)
    return {
      index: 'gsi1',
      pk: `CONTACT#${query.contactId}`,
      ...page,
      filter: { ...filter, contactId: undefined },
    };
  if (query.accountId)
    return {
      index: 'gsi3',
      pk: `ACCOUNT#${query.accountId}`,
      ...page,
      filter: { ...filter, accountId: undefined },
    };
  if (query.ownerId)
    return {
      index: 'gsi2',
      pk: `OWNER#${query.ownerId}`,
      ...page,
      filter: { ...filter, ownerId: undefined },
    };
  return undefined;
};
