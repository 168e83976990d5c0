import type { StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import { newId } from '#shared/platform/ids.ts';
import type { Lead, ListLeadsQuery, ScoreChange } from './lead.schema.ts';

/** Key layout of leads; docs/data-model.md ("Leads and forms") lists the access patterns. */
export const LEAD_ENTITY = 'lead';
export const SCORE_CHANGE_ENTITY = 'lead-score-change';

export const leadKey = (id: string) => ({ pk: `LEAD#${id}`, sk: 'LEAD' });

/** The claim on a normalised email: one lead per person, even under concurrent submissions. */
export const leadEmailKey = (email: string) => ({ pk: `LEAD_EMAIL#${email}`, sk: 'UNIQUE' });

/** Written with the transaction that makes a lead `mql`: it exists once, so `lead.qualified` is emitted once. */
export const leadQualifiedKey = (id: string) => ({ pk: `LEAD#${id}`, sk: 'QUALIFIED' });

/** Round-robin pointer of an assignment rule. */
export const assignmentCounterKey = (ruleId: string) => ({ pk: `ASSIGNMENT#${ruleId}`, sk: 'ROUND_ROBIN' });

/** Open leads an owner holds (new, working, mql), checked against the owner's capacity. */
export const ownerLoadKey = (ownerId: string) => ({ pk: `OWNER_LOAD#${ownerId}`, sk: 'LOAD' });

export const leadItem = (lead: Lead): StoredItem => {
  const sk = `LEAD#${lead.id}`;
  return {
    ...leadKey(lead.id),
    entity: LEAD_ENTITY,
    // In the contact's collection, the 360° view shows the lead next to the contact.
    ...sparseKey('gsi1pk', 'gsi1sk', lead.contactId ? `CONTACT#${lead.contactId}` : undefined, sk),
    ...sparseKey('gsi2pk', 'gsi2sk', lead.ownerId ? `OWNER#${lead.ownerId}` : undefined, sk),
    ...sparseKey('gsi3pk', 'gsi3sk', lead.accountId ? `ACCOUNT#${lead.accountId}` : undefined, sk),
    gsi4pk: 'LEADS',
    gsi4sk: `STATUS#${lead.status}#${lead.id}`,
    gsi6pk: `LEAD_EMAIL#${lead.email}`,
    gsi6sk: 'LEAD',
    ...lead,
  };
};

export const leadEmailItem = (lead: Pick<Lead, 'id' | 'email'>): StoredItem => ({
  ...leadEmailKey(lead.email),
  entity: 'lead-email',
  leadId: lead.id,
});

export const leadQualifiedItem = (leadId: string, at: string): StoredItem => ({
  ...leadQualifiedKey(leadId),
  entity: 'lead-qualified',
  leadId,
  at,
});

export const leadFromItem = (item: Record<string, unknown>): Lead => withoutStorageAttributes<Lead>(item);

/** A submission (form, API, import) kept in the lead's partition: what the person sent, and when. */
export const leadSubmissionItem = (
  leadId: string,
  submission: { source: string; message?: string | null; fields: Record<string, string>; at: string },
): StoredItem => {
  const id = newId();
  return {
    pk: `LEAD#${leadId}`,
    sk: `SUBMISSION#${id}`,
    entity: 'lead-submission',
    id,
    leadId,
    ...submission,
  };
};

/** A behaviour event kept in the lead's partition. */
export const leadBehaviourItem = (leadId: string, behaviour: Record<string, unknown>): StoredItem => {
  const id = newId();
  return { pk: `LEAD#${leadId}`, sk: `EVENT#${id}`, entity: 'lead-behaviour', id, leadId, ...behaviour };
};

export const scoreChangeItem = (change: Omit<ScoreChange, 'id'>): StoredItem => {
  const id = newId();
  return {
    pk: `LEAD#${change.leadId}`,
    sk: `SCORE#${id}`,
    entity: SCORE_CHANGE_ENTITY,
    id,
    ...change,
  };
};

export const scoreChangeFromItem = (item: Record<string, unknown>): ScoreChange =>
  withoutStorageAttributes<ScoreChange>(item);

/** The score history of a lead, oldest first. */
export const scoreHistoryQuery = (leadId: string, limit: number, cursor: string | undefined): QuerySpec => ({
  pk: `LEAD#${leadId}`,
  skPrefix: 'SCORE#',
  limit,
  cursor,
});

/** Every item of a lead's partition (deleting a lead removes them with it). */
export const leadPartitionQuery = (leadId: string, limit: number): QuerySpec => ({
  pk: `LEAD#${leadId}`,
  limit,
});

/** Picks the index for a lead list: the most selective filter wins, the rest filter the same Query. */
export const leadListQuery = (query: ListLeadsQuery): QuerySpec => {
  const page = { limit: query.limit, cursor: query.cursor };
  const rest = {
    status: query.status,
    ownerId: query.ownerId,
    contactId: query.contactId,
    accountId: query.accountId,
  };
  if (query.email) return { index: 'gsi6', pk: `LEAD_EMAIL#${query.email}`, ...page, filter: rest };
  if (query.contactId) {
    const filter = { ...rest, contactId: undefined };
    return { index: 'gsi1', pk: `CONTACT#${query.contactId}`, skPrefix: 'LEAD#', ...page, filter };
  }
  if (query.accountId) {
    const filter = { ...rest, accountId: undefined };
    return { index: 'gsi3', pk: `ACCOUNT#${query.accountId}`, skPrefix: 'LEAD#', ...page, filter };
  }
  if (query.ownerId) {
    const filter = { ...rest, ownerId: undefined };
    return { index: 'gsi2', pk: `OWNER#${query.ownerId}`, skPrefix: 'LEAD#', ...page, filter };
  }
  return {
    index: 'gsi4',
    pk: 'LEADS',
    skPrefix: query.status ? `STATUS#${query.status}#` : 'STATUS#',
    ...page,
  };
};
