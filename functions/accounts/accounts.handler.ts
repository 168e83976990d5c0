import { accountsApi } from '#shared/accounts/account.api.ts';
import {
  createAccount,
  deleteAccount,
  findAccount,
  listAccounts,
  updateAccount,
} from '#shared/accounts/account.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/accounts. */
export const { handle, handler } = createHttpHandler(accountsApi, {
  createAccount: async ({ body, uow }) => {
    const account = await createAccount(body, uow);
    return { body: account, version: account.version, headers: { location: `/v1/accounts/${account.id}` } };
  },
  listAccounts: async ({ query }) => ({ body: await listAccounts(query) }),
  getAccount: async ({ params }) => {
    const account = await findAccount(params.id);
    return { body: account, version: account.version };
  },
  updateAccount: async ({ params, body, ifMatch, uow }) => {
    const account = await updateAccount(params.id, body, ifMatch, uow);
    return { body: account, version: account.version };
  },
  deleteAccount: async ({ params, ifMatch, uow }) => {
    await deleteAccount(params.id, ifMatch, uow);
    return {};
  },
});
