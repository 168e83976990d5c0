import { getItem } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import { assignmentCounterKey, ownerLoadKey } from './lead.entity.ts';
import { type Lead, OPEN_LEAD_STATUSES } from './lead.schema.ts';
import type { AssignmentRule, LeadAssignment } from './lead.settings.ts';

/** What automatic assignment decided; the writes that make it true are already in the unit of work. */
export type AssignmentOutcome =
  | { outcome: 'assigned'; ownerId: string; ruleId: string }
  | { outcome: 'no_rule'; ownerId: null; ruleId: null }
  | { outcome: 'capacity_reached'; ownerId: null; ruleId: string };

/** Raised when a counter or an owner's load moved under us: the caller re-reads and tries again. */
export const assignmentRace = () =>
  new AppError('conflict', 'Another assignment took this slot at the same moment; retry.', {
    headers: { 'retry-after': '1' },
  });

const matchesAny = (list: readonly string[] | undefined, value: string | null | undefined): boolean =>
  !list || (value != null && list.some((entry) => entry.toLowerCase() === value.toLowerCase()));

/** The first rule whose criteria (country, territory, team) all match the lead. */
export const matchingRule = (lead: Lead, settings: LeadAssignment): AssignmentRule | undefined =>
  settings.rules.find(
    (rule) =>
      matchesAny(rule.match.countries, lead.country) &&
      matchesAny(rule.match.territories, lead.territory) &&
      matchesAny(rule.match.teams, lead.team),
  );

/** True while a lead occupies a slot of its owner's capacity. */
export const holdsSlot = (lead: Pick<Lead, 'ownerId' | 'status'>): boolean =>
  Boolean(lead.ownerId) && OPEN_LEAD_STATUSES.includes(lead.status);

/** Moves an owner's count of open leads by `delta` (no capacity check: releases and manual picks). */
export const adjustOwnerLoad = (uow: UnitOfWork, ownerId: string, delta: number): void => {
  uow.update(
    ownerLoadKey(ownerId),
    {
      UpdateExpression: 'SET entity = :entity, ownerId = :owner ADD openLeads :delta',
      ExpressionAttributeValues: { ':entity': 'owner-load', ':owner': ownerId, ':delta': delta },
    },
    () => conflict('Owner load update failed; retry.'),
  );
};

/** The writes of a lead's slot moving from one owner to another (either may be none). */
export const moveSlot = (
  uow: UnitOfWork,
  before: Pick<Lead, 'ownerId' | 'status'> | undefined,
  after: Pick<Lead, 'ownerId' | 'status'> | undefined,
): void => {
  const from = before && holdsSlot(before) ? before.ownerId : null;
  const to = after && holdsSlot(after) ? after.ownerId : null;
  if (from === to) return;
  if (from) adjustOwnerLoad(uow, from, -1);
  if (to) adjustOwnerLoad(uow, to, 1);
};

/**
 * Round-robin assignment that stays fair under concurrency. Reads the rule's pointer and its owners'
 * loads, picks the next owner with room, and adds two conditional writes to the lead's transaction:
 * the pointer advances only if nobody moved it since the read (`version`), and the owner's load grows
 * only while below capacity. A concurrent assignment makes one of them fail; the caller retries with
 * fresh reads, so two leads never take the same slot and nobody exceeds capacity.
 */
export const planAssignment = async (
  uow: UnitOfWork,
  lead: Lead,
  settings: LeadAssignment,
): Promise<AssignmentOutcome> => {
  const rule = matchingRule(lead, settings);
  if (!rule) return { outcome: 'no_rule', ownerId: null, ruleId: null };
  const [counter, ...loads] = await Promise.all([
    getItem(assignmentCounterKey(rule.id)),
    ...rule.owners.map((owner) => getItem(ownerLoadKey(owner.ownerId))),
  ]);
  const next = Number(counter?.next ?? 0);
  const version = Number(counter?.version ?? 0);
  const count = rule.owners.length;
  for (let step = 0; step < count; step += 1) {
    const index = (next + step) % count;
    const owner = rule.owners[index];
    if (!owner) continue;
    const open = Number(loads[index]?.openLeads ?? 0);
    if (open >= owner.capacity) continue;
    uow.update(
      assignmentCounterKey(rule.id),
      {
        UpdateExpression: 'SET entity = :entity, #next = :next, #version = :newVersion',
        ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : '#version = :expected',
        ExpressionAttributeNames: { '#next': 'next', '#version': 'version' },
        ExpressionAttributeValues: {
          ':entity': 'assignment-counter',
          ':next': (index + 1) % count,
          ':newVersion': version + 1,
          ...(version === 0 ? {} : { ':expected': version }),
        },
      },
      assignmentRace,
    );
    uow.update(
      ownerLoadKey(owner.ownerId),
      {
        UpdateExpression: 'SET entity = :entity, ownerId = :owner ADD openLeads :one',
        ConditionExpression: 'attribute_not_exists(openLeads) OR openLeads < :capacity',
        ExpressionAttributeValues: {
          ':entity': 'owner-load',
          ':owner': owner.ownerId,
          ':one': 1,
          ':capacity': owner.capacity,
        },
      },
      assignmentRace,
    );
    return { outcome: 'assigned', ownerId: owner.ownerId, ruleId: rule.id };
  }
  return { outcome: 'capacity_reached', ownerId: null, ruleId: rule.id };
};
