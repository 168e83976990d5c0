import { accountKey } from '#shared/accounts/account.entity.ts';
import {
  assertVersion,
  newRecordMeta,
  nextRecordMeta,
  planUpdate,
  staleVersion,
} from '#shared/platform/db/record.ts';
import { findRecord, type Page, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict } from '#shared/platform/errors.ts';
import {
  consentChangeItem,
  contactEmailItem,
  contactEmailKey,
  contactFromItem,
  contactItem,
  contactKey,
  contactListQuery,
} from './contact.entity.ts';
import { consentChanged, contactCreated, contactDeleted, contactUpdated } from './contact.events.ts';
import type {
  Consent,
  ConsentChannel,
  Contact,
  CreateContactInput,
  ListContactsQuery,
  UpdateContactInput,
} from './contact.schema.ts';

const emailTaken = (email: string) => (current: Record<string, unknown> | undefined) =>
  conflict(
    `A contact with the email ${email} already exists${current?.contactId ? ` (${current.contactId})` : ''}.`,
  );

const requireAccount = (uow: UnitOfWork, accountId: string | null | undefined): void => {
  if (accountId) {
    uow.requireExists(
      accountKey(accountId),
      () => new AppError('unprocessable', `Account ${accountId} does not exist.`),
    );
  }
};

const recordConsent = (
  uow: UnitOfWork,
  contactId: string,
  channel: ConsentChannel,
  consent: Consent,
  previous: Consent | undefined,
): void => {
  uow.create(
    consentChangeItem(contactId, {
      ...consent,
      channel,
      previousStatus: previous?.status ?? null,
      actorId: uow.actor.id,
    }),
    () => conflict('Consent change collision; retry.'),
  );
  uow.emit(consentChanged, contactId, {
    channel,
    status: consent.status,
    previousStatus: previous?.status ?? null,
    source: consent.source,
    version: consent.version ?? null,
  });
};

export const createContact = async (input: CreateContactInput, uow: UnitOfWork): Promise<Contact> => {
  const meta = newRecordMeta();
  const { consents: initialConsents = {}, ...fields } = input;
  const consents: Contact['consents'] = {};
  for (const [channel, consent] of Object.entries(initialConsents)) {
    consents[channel as ConsentChannel] = { ...consent, at: meta.createdAt };
  }
  const contact: Contact = { ...meta, ...fields, consents };
  uow.create(contactItem(contact), () => conflict('Id collision; retry.'));
  uow.create(contactEmailItem(contact), emailTaken(contact.email), 1);
  requireAccount(uow, contact.accountId);
  uow.emit(contactCreated, contact.id, {
    accountId: contact.accountId ?? null,
    ownerId: contact.ownerId ?? null,
    lifecycleStage: contact.lifecycleStage,
    language: contact.language,
  });
  for (const [channel, consent] of Object.entries(consents)) {
    recordConsent(uow, contact.id, channel as ConsentChannel, consent, undefined);
  }
  return contact;
};

export const findContact = (id: string): Promise<Contact> =>
  findRecord(contactKey(id), contactFromItem, 'Contact', id);

export const updateContact = async (
  id: string,
  patch: UpdateContactInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Contact> => {
  const current = await findContact(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  const { next, changed } = plan;
  uow.replace(contactItem(next), current.version, staleVersion('contact', current.version));
  if (next.email !== current.email) {
    uow.remove(contactEmailKey(current.email), () => conflict('The old email claim is gone; retry.'));
    uow.create(contactEmailItem(next), emailTaken(next.email), 1);
  }
  if (next.accountId !== current.accountId) requireAccount(uow, next.accountId);
  uow.emit(contactUpdated, id, {
    changed,
    accountId: next.accountId ?? null,
    ownerId: next.ownerId ?? null,
    lifecycleStage: next.lifecycleStage,
    previousLifecycleStage: current.lifecycleStage,
  });
  return next;
};

export const deleteContact = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findContact(id);
  assertVersion(current, ifMatch);
  uow.remove(contactKey(id), staleVersion('contact', current.version), current.version);
  uow.removeIfPresent(contactEmailKey(current.email));
  uow.emit(contactDeleted, id, { accountId: current.accountId ?? null });
};

export const setConsent = async (
  id: string,
  channel: ConsentChannel,
  input: Omit<Consent, 'at'>,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Contact> => {
  const current = await findContact(id);
  assertVersion(current, ifMatch);
  const previous = current.consents[channel];
  // PUT is idempotent: the same status, source and wording again change nothing and record nothing.
  if (
    previous &&
    previous.status === input.status &&
    previous.source === input.source &&
    previous.version === input.version
  ) {
    return current;
  }
  const meta = nextRecordMeta(current);
  const consent: Consent = { ...input, at: meta.updatedAt };
  const next: Contact = { ...current, ...meta, consents: { ...current.consents, [channel]: consent } };
  uow.replace(contactItem(next), current.version, staleVersion('contact', current.version));
  recordConsent(uow, id, channel, consent, previous);
  return next;
};

export const listContacts = async (
  query: ListContactsQuery,
): Promise<{ items: Contact[]; nextCursor: string | null }> => {
  const page: Page = await queryPage(contactListQuery(query));
  return { items: page.items.map(contactFromItem), nextCursor: page.nextCursor };
};
