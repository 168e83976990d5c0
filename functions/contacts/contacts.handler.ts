import { contactsApi } from '#shared/contacts/contact.api.ts';
import {
  createContact,
  deleteContact,
  findContact,
  listContacts,
  setConsent,
  updateContact,
} from '#shared/contacts/contact.service.ts';
import { contact360 } from '#shared/contacts/contact-360.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/contacts: validated input in, a use case called, the result mapped out. */
export const { handle, handler } = createHttpHandler(contactsApi, {
  createContact: async ({ body, uow }) => {
    const contact = await createContact(body, uow);
    return { body: contact, version: contact.version, headers: { location: `/v1/contacts/${contact.id}` } };
  },
  listContacts: async ({ query }) => ({ body: await listContacts(query) }),
  getContact: async ({ params }) => {
    const contact = await findContact(params.id);
    return { body: contact, version: contact.version };
  },
  updateContact: async ({ params, body, ifMatch, uow }) => {
    const contact = await updateContact(params.id, body, ifMatch, uow);
    return { body: contact, version: contact.version };
  },
  deleteContact: async ({ params, ifMatch, uow }) => {
    await deleteContact(params.id, ifMatch, uow);
    return {};
  },
  getContact360: async ({ params }) => {
    const view = await contact360(params.id);
    return { body: view, version: view.contact.version };
  },
  setContactConsent: async ({ params, body, ifMatch, uow }) => {
    const contact = await setConsent(params.id, params.channel, body, ifMatch, uow);
    return { body: contact, version: contact.version };
  },
});
