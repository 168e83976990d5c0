import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, RECORD_WRITERS } from '#shared/platform/roles.ts';
import {
  accountPage,
  accountSchema,
  createAccountBody,
  listAccountsQuery,
  updateAccountBody,
} from './account.schema.ts';

/** The accounts (companies) API; roles as in docs/roles.md. */
export const accountsApi = defineFeatureApi({
  functionName: 'accounts',
  operations: {
    createAccount: defineOperation({
      method: 'POST',
      path: '/v1/accounts',
      summary: 'Create an account (a company).',
      tag: 'accounts',
      access: { roles: RECORD_WRITERS },
      body: createAccountBody,
      response: accountSchema,
      status: 201,
      idempotent: true,
    }),
    listAccounts: defineOperation({
      method: 'GET',
      path: '/v1/accounts',
      summary: 'List accounts, by owner, domain or name prefix (q).',
      tag: 'accounts',
      access: { roles: READERS },
      query: listAccountsQuery,
      response: accountPage,
      status: 200,
    }),
    getAccount: defineOperation({
      method: 'GET',
      path: '/v1/accounts/{id}',
      summary: 'Get an account.',
      tag: 'accounts',
      access: { roles: READERS },
      params: idParams,
      response: accountSchema,
      status: 200,
    }),
    updateAccount: defineOperation({
      method: 'PATCH',
      path: '/v1/accounts/{id}',
      summary: 'Change fields of an account; honours If-Match.',
      tag: 'accounts',
      access: { roles: RECORD_WRITERS },
      params: idParams,
      body: updateAccountBody,
      response: accountSchema,
      status: 200,
    }),
    deleteAccount: defineOperation({
      method: 'DELETE',
      path: '/v1/accounts/{id}',
      summary: 'Delete an account without contacts; honours If-Match.',
      tag: 'accounts',
      access: { roles: ['admin', 'sales_manager'] },
      params: idParams,
      status: 204,
    }),
  },
});
