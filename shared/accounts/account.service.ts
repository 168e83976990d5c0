import { assertVersion, newRecordMeta, planUpdate, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { conflict } from '#shared/platform/errors.ts';
import {
  accountContactsQuery,
  accountFromItem,
  accountItem,
  accountKey,
  accountListQuery,
} from './account.entity.ts';
import { accountCreated, accountDeleted, accountUpdated } from './account.events.ts';
import type { Account, CreateAccountInput, ListAccountsQuery, UpdateAccountInput } from './account.schema.ts';

export const createAccount = async (input: CreateAccountInput, uow: UnitOfWork): Promise<Account> => {
  const account: Account = { ...newRecordMeta(), ...input };
  uow.create(accountItem(account), () => conflict('Id collision; retry.'));
  uow.emit(accountCreated, account.id, {
    ownerId: account.ownerId ?? null,
    industry: account.industry ?? null,
  });
  return account;
};

export const findAccount = (id: string): Promise<Account> =>
  findRecord(accountKey(id), accountFromItem, 'Account', id);

export const updateAccount = async (
  id: string,
  patch: UpdateAccountInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Account> => {
  const current = await findAccount(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  const { next, changed } = plan;
  uow.replace(accountItem(next), current.version, staleVersion('account', current.version));
  uow.emit(accountUpdated, id, { changed, ownerId: next.ownerId ?? null, industry: next.industry ?? null });
  return next;
};

/** An account with contacts stays: deleting it would leave them pointing nowhere. */
export const deleteAccount = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findAccount(id);
  assertVersion(current, ifMatch);
  const members = await queryPage(accountContactsQuery(id));
  if (members.items.length > 0) throw conflict('The account still has contacts; move or delete them first.');
  uow.remove(accountKey(id), staleVersion('account', current.version), current.version);
  uow.emit(accountDeleted, id, {});
};

export const listAccounts = async (
  query: ListAccountsQuery,
): Promise<{ items: Account[]; nextCursor: string | null }> => {
  const page = await queryPage(accountListQuery(query));
  return { items: page.items.map(accountFromItem), nextCursor: page.nextCursor };
};
