import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, RECORD_WRITERS } from '#shared/platform/roles.ts';
import {
  consentParams,
  contactPage,
  contactSchema,
  createContactBody,
  listContactsQuery,
  setConsentBody,
  updateContactBody,
} from './contact.schema.ts';
import { contact360Schema } from './contact-360.ts';

/** The contacts API (PRODUCT.md section 5); roles as in docs/roles.md. */
export const contactsApi = defineFeatureApi({
  functionName: 'contacts',
  operations: {
    createContact: defineOperation({
      method: 'POST',
      path: '/v1/contacts',
      summary: 'Create a contact; the email must not belong to another contact.',
      tag: 'contacts',
      access: { roles: RECORD_WRITERS },
      body: createContactBody,
      response: contactSchema,
      status: 201,
      idempotent: true,
    }),
    listContacts: defineOperation({
      method: 'GET',
      path: '/v1/contacts',
      summary: 'List contacts by owner, account, lifecycle stage, email or name prefix (q).',
      tag: 'contacts',
      access: { roles: READERS },
      query: listContactsQuery,
      response: contactPage,
      status: 200,
    }),
    getContact: defineOperation({
      method: 'GET',
      path: '/v1/contacts/{id}',
      summary: 'Get a contact.',
      tag: 'contacts',
      access: { roles: READERS },
      params: idParams,
      response: contactSchema,
      status: 200,
    }),
    updateContact: defineOperation({
      method: 'PATCH',
      path: '/v1/contacts/{id}',
      summary: 'Change fields of a contact; honours If-Match.',
      tag: 'contacts',
      access: { roles: RECORD_WRITERS },
      params: idParams,
      body: updateContactBody,
      response: contactSchema,
      status: 200,
    }),
    deleteContact: defineOperation({
      method: 'DELETE',
      path: '/v1/contacts/{id}',
      summary: 'Delete a contact (admin only); honours If-Match.',
      tag: 'contacts',
      access: { roles: ['admin'] },
      params: idParams,
      status: 204,
    }),
    getContact360: defineOperation({
      method: 'GET',
      path: '/v1/contacts/{id}/360',
      summary: 'The 360° view: the contact with its account, consents and activities.',
      tag: 'contacts',
      access: { roles: READERS },
      params: idParams,
      response: contact360Schema,
      status: 200,
    }),
    setContactConsent: defineOperation({
      method: 'PUT',
      path: '/v1/contacts/{id}/consents/{channel}',
      summary: 'Grant, request (double opt-in pending) or revoke consent for one channel, with its source.',
      tag: 'contacts',
      access: { roles: RECORD_WRITERS },
      params: consentParams,
      body: setConsentBody,
      response: contactSchema,
      status: 200,
    }),
  },
});
