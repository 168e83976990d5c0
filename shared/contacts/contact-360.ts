import * as z from 'zod';
import { accountKey } from '#shared/accounts/account.entity.ts';
import { accountSchema } from '#shared/accounts/account.schema.ts';
import { contact360Sections } from '#shared/contact-360-sections.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import { getItem, queryPage } from '#shared/platform/db/table.ts';
import { notFound } from '#shared/platform/errors.ts';
import { CONTACT_ENTITY, contactCollectionQuery, contactFromItem } from './contact.entity.ts';
import { type Contact, consentsSchema, contactSchema } from './contact.schema.ts';

/** How many members of the collection one view reads; the lists behind each section page further. */
export const VIEW_360_LIMIT = 300;

export const contact360Schema = z.strictObject({
  contact: contactSchema,
  account: accountSchema.nullable(),
  consents: consentsSchema,
  ...Object.fromEntries(contact360Sections.map((section) => [section.key, z.array(section.schema)])),
  /** True when the contact has more members than one view reads; page the lists for the rest. */
  truncated: z.boolean(),
});

export type Contact360 = {
  contact: Contact;
  account: z.infer<typeof accountSchema> | null;
  consents: Contact['consents'];
  truncated: boolean;
} & Record<string, unknown>;

/**
 * The 360° view. One Query reads the contact's whole item collection (index gsi1, newest first):
 * the contact and every section of `contact360Sections` (consent history, activities, and what
 * later features add). The account is shared by many contacts and lives in its own partition, so
 * a linked account costs one GetItem more (docs/data-model.md says why it is not copied).
 */
export const contact360 = async (contactId: string): Promise<Contact360> => {
  const page = await queryPage(contactCollectionQuery(contactId, VIEW_360_LIMIT));
  const contactItem = page.items.find((item) => item.entity === CONTACT_ENTITY);
  if (!contactItem) throw notFound('Contact', contactId);
  const contact = contactFromItem(contactItem);
  const accountItem = contact.accountId ? await getItem(accountKey(contact.accountId)) : undefined;
  const sections = Object.fromEntries(
    contact360Sections.map((section) => [
      section.key,
      page.items.filter((item) => item.entity === section.entity).map(section.fromItem),
    ]),
  );
  return {
    contact,
    account: accountItem ? withoutStorageAttributes(accountItem) : null,
    consents: contact.consents,
    ...sections,
    truncated: page.nextCursor !== null,
  };
};
