import { foldText, prefixPartition, type StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import { newId } from '#shared/platform/ids.ts';
import type { Consent, ConsentChannel, Contact, ListContactsQuery } from './contact.schema.ts';

/** Key layout of contacts; docs/data-model.md lists the access patterns these keys serve. */
export const CONTACT_ENTITY = 'contact';
export const CONSENT_CHANGE_ENTITY = 'consent-change';

export const contactKey = (id: string) => ({ pk: `CONTACT#${id}`, sk: 'CONTACT' });

/** The uniqueness claim on a normalised email, written in the same transaction as the contact. */
export const contactEmailKey = (email: string) => ({ pk: `CONTACT_EMAIL#${email}`, sk: 'UNIQUE' });

/** The partition of the contact's item collection (index gsi1): the 360° view reads it in one Query. */
export const contactCollectionPk = (contactId: string): string => `CONTACT#${contactId}`;

export const contactItem = (contact: Contact): StoredItem => {
  const folded = foldText(`${contact.lastName} ${contact.firstName}`);
  return {
    ...contactKey(contact.id),
    entity: CONTACT_ENTITY,
    // '~' sorts after every other member, so a newest-first read of the collection starts with it.
    gsi1pk: contactCollectionPk(contact.id),
    gsi1sk: '~CONTACT',
    ...sparseKey(
      'gsi2pk',
      'gsi2sk',
      contact.ownerId ? `OWNER#${contact.ownerId}` : undefined,
      `CONTACT#${contact.id}`,
    ),
    ...sparseKey(
      'gsi3pk',
      'gsi3sk',
      contact.accountId ? `ACCOUNT#${contact.accountId}` : undefined,
      `CONTACT#${contact.id}`,
    ),
    gsi4pk: 'CONTACTS',
    gsi4sk: `STAGE#${contact.lifecycleStage}#${contact.id}`,
    gsi5pk: `CONTACT_NAME#${prefixPartition(folded)}`,
    gsi5sk: `${folded}#${contact.id}`,
    gsi6pk: `CONTACT_EMAIL#${contact.email}`,
    gsi6sk: 'CONTACT',
    ...contact,
  };
};

export const contactEmailItem = (contact: Pick<Contact, 'id' | 'email'>): StoredItem => ({
  ...contactEmailKey(contact.email),
  entity: 'contact-email',
  contactId: contact.id,
});

export const contactFromItem = (item: Record<string, unknown>): Contact =>
  withoutStorageAttributes<Contact>(item);

/** A consent change kept as history in the contact's collection: proof of when and how consent moved. */
export type ConsentChange = Consent & {
  id: string;
  channel: ConsentChannel;
  previousStatus: string | null;
  actorId: string;
};

export const consentChangeItem = (contactId: string, change: Omit<ConsentChange, 'id'>): StoredItem => {
  const id = newId();
  return {
    pk: contactCollectionPk(contactId),
    sk: `CONSENT#${id}`,
    entity: CONSENT_CHANGE_ENTITY,
    gsi1pk: contactCollectionPk(contactId),
    gsi1sk: `CONSENT#${id}`,
    id,
    contactId,
    ...change,
  };
};

/** Picks the index for a contact list: the most selective filter wins, the rest filter the same Query. */
export const contactListQuery = (query: ListContactsQuery): QuerySpec => {
  const page = { limit: query.limit, cursor: query.cursor };
  const rest = { ownerId: query.ownerId, accountId: query.accountId, lifecycleStage: query.lifecycleStage };
  if (query.email) return { index: 'gsi6', pk: `CONTACT_EMAIL#${query.email}`, ...page, filter: rest };
  if (query.q) {
    const folded = foldText(query.q);
    return {
      index: 'gsi5',
      pk: `CONTACT_NAME#${prefixPartition(folded)}`,
      skPrefix: folded,
      ...page,
      filter: rest,
    };
  }
  if (query.accountId) {
    return {
      index: 'gsi3',
      pk: `ACCOUNT#${query.accountId}`,
      skPrefix: 'CONTACT#',
      ...page,
      filter: { ...rest, accountId: undefined },
    };
  }
  if (query.ownerId) {
    return {
      index: 'gsi2',
      pk: `OWNER#${query.ownerId}`,
      skPrefix: 'CONTACT#',
      ...page,
      filter: { ...rest, ownerId: undefined },
    };
  }
  return {
    index: 'gsi4',
    pk: 'CONTACTS',
    skPrefix: query.lifecycleStage ? `STAGE#${query.lifecycleStage}#` : 'STAGE#',
    ...page,
  };
};

/** The contact's whole collection, newest first: contact, consent history, activities and later leads, deals, tickets. */
export const contactCollectionQuery = (contactId: string, limit: number): QuerySpec => ({
  index: 'gsi1',
  pk: contactCollectionPk(contactId),
  limit,
  descending: true,
});
