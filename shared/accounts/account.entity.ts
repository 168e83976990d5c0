import { foldText, prefixPartition, type StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { Account, ListAccountsQuery } from './account.schema.ts';

/** Key layout of accounts; docs/data-model.md lists the access patterns these keys serve. */
export const ACCOUNT_ENTITY = 'account';

export const accountKey = (id: string) => ({ pk: `ACCOUNT#${id}`, sk: 'ACCOUNT' });

/** Partition of an account's members (index gsi3): its contacts and activities. */
export const accountMembersPk = (accountId: string): string => `ACCOUNT#${accountId}`;

export const accountItem = (account: Account): StoredItem => {
  const folded = foldText(account.name);
  return {
    ...accountKey(account.id),
    entity: ACCOUNT_ENTITY,
    ...sparseKey(
      'gsi2pk',
      'gsi2sk',
      account.ownerId ? `OWNER#${account.ownerId}` : undefined,
      `ACCOUNT#${account.id}`,
    ),
    gsi4pk: 'ACCOUNTS',
    gsi4sk: account.id,
    gsi5pk: `ACCOUNT_NAME#${prefixPartition(folded)}`,
    gsi5sk: `${folded}#${account.id}`,
    ...sparseKey(
      'gsi6pk',
      'gsi6sk',
      account.domain ? `ACCOUNT_DOMAIN#${account.domain}` : undefined,
      account.id,
    ),
    ...account,
  };
};

export const accountFromItem = (item: Record<string, unknown>): Account =>
  withoutStorageAttributes<Account>(item);

export const accountListQuery = (query: ListAccountsQuery): QuerySpec => {
  const page = { limit: query.limit, cursor: query.cursor };
  if (query.domain)
    return {
      index: 'gsi6',
      pk: `ACCOUNT_DOMAIN#${query.domain}`,
      ...page,
      filter: { ownerId: query.ownerId },
    };
  if (query.q) {
    const folded = foldText(query.q);
    return {
      index: 'gsi5',
      pk: `ACCOUNT_NAME#${prefixPartition(folded)}`,
      skPrefix: folded,
      ...page,
      filter: { ownerId: query.ownerId },
    };
  }
  if (query.ownerId) return { index: 'gsi2', pk: `OWNER#${query.ownerId}`, skPrefix: 'ACCOUNT#', ...page };
  return { index: 'gsi4', pk: 'ACCOUNTS', ...page };
};

/** One member of the account is enough to know it still has contacts. */
export const accountContactsQuery = (accountId: string): QuerySpec => ({
  index: 'gsi3',
  pk: accountMembersPk(accountId),
  skPrefix: 'CONTACT#',
  limit: 1,
});
