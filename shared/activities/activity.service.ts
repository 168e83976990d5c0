import { accountKey } from '#shared/accounts/account.entity.ts';
import { contactKey } from '#shared/contacts/contact.entity.ts';
import { opportunityKey } from '#shared/opportunities/opportunity.entity.ts';
import { assertVersion, newRecordMeta, planUpdate, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import { activityFromItem, activityItem, activityKey, activityListQuery } from './activity.entity.ts';
import { activityDeleted, activityLogged, activityUpdated } from './activity.events.ts';
import {
  ACTIVITY_LINKS,
  type Activity,
  type CreateActivityInput,
  type ListActivitiesQuery,
  type UpdateActivityInput,
} from './activity.schema.ts';

const linksOf = (activity: Activity) => ({
  contactId: activity.contactId ?? null,
  accountId: activity.accountId ?? null,
  leadId: activity.leadId ?? null,
  opportunityId: activity.opportunityId ?? null,
  ticketId: activity.ticketId ?? null,
  ownerId: activity.ownerId ?? null,
});

/** Linked contacts, accounts and opportunities must exist when the activity is written (checked in the same transaction). */
const requireLinks = (uow: UnitOfWork, activity: Activity, before?: Activity): void => {
  if (activity.contactId && activity.contactId !== before?.contactId) {
    const id = activity.contactId;
    uow.requireExists(contactKey(id), () => new AppError('unprocessable', `Contact ${id} does not exist.`));
  }
  if (activity.accountId && activity.accountId !== before?.accountId) {
    const id = activity.accountId;
    uow.requireExists(accountKey(id), () => new AppError('unprocessable', `Account ${id} does not exist.`));
  }
  if (activity.opportunityId && activity.opportunityId !== before?.opportunityId) {
    const id = activity.opportunityId;
    uow.requireExists(
      opportunityKey(id),
      () => new AppError('unprocessable', `Opportunity ${id} does not exist.`),
    );
  }
};

export const createActivity = async (input: CreateActivityInput, uow: UnitOfWork): Promise<Activity> => {
  // Whoever logs an activity owns it unless they name another owner.
  const activity: Activity = {
    ...newRecordMeta(),
    ownerId: uow.actor.type === 'user' ? uow.actor.id : null,
    ...input,
  };
  uow.create(activityItem(activity), () => conflict('Id collision; retry.'));
  requireLinks(uow, activity);
  uow.emit(activityLogged, activity.id, {
    type: activity.type,
    completed: Boolean(activity.completedAt),
    ...linksOf(activity),
  });
  return activity;
};

export const findActivity = (id: string): Promise<Activity> =>
  findRecord(activityKey(id), activityFromItem, 'Activity', id);

export const updateActivity = async (
  id: string,
  patch: UpdateActivityInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Activity> => {
  const current = await findActivity(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  const { next, changed } = plan;
  if (!ACTIVITY_LINKS.some((link) => typeof next[link] === 'string')) {
    throw new AppError('validation-failed', 'An activity keeps at least one link.', {
      errors: [{ path: 'contactId', message: `Keep at least one of ${ACTIVITY_LINKS.join(', ')}.` }],
    });
  }
  uow.replace(activityItem(next), current.version, staleVersion('activity', current.version));
  requireLinks(uow, next, current);
  uow.emit(activityUpdated, id, {
    type: next.type,
    changed,
    completed: Boolean(next.completedAt),
    ...linksOf(next),
  });
  return next;
};

export const deleteActivity = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findActivity(id);
  assertVersion(current, ifMatch);
  uow.remove(activityKey(id), staleVersion('activity', current.version), current.version);
  uow.emit(activityDeleted, id, { type: current.type, ...linksOf(current) });
};

export const listActivities = async (
  query: ListActivitiesQuery,
): Promise<{ items: Activity[]; nextCursor: string | null }> => {
  const spec = activityListQuery(query);
  if (!spec) {
    throw new AppError('validation-failed', 'Filter activities by a record or an owner.', {
      errors: [
        {
          path: 'query',
          message: 'Give one of contactId, accountId, ownerId, leadId, opportunityId, ticketId.',
        },
      ],
    });
  }
  const page = await queryPage(spec);
  return { items: page.items.map(activityFromItem), nextCursor: page.nextCursor };
};
