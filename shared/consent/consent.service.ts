import { recordCampaignUnsubscribe } from '#shared/campaigns/campaign-unsubscribe.ts';
import { contactEmailKey, contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import { consentChanged } from '#shared/contacts/contact.events.ts';
import type { Contact, Language } from '#shared/contacts/contact.schema.ts';
import { createContact, findContact } from '#shared/contacts/contact.service.ts';
import { sendMail } from '#shared/mail/mailer.ts';
import { clock, nowIso } from '#shared/platform/clock.ts';
import { getItem, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, notFound, preconditionFailed } from '#shared/platform/errors.ts';
import { newId } from '#shared/platform/ids.ts';
import { logger } from '#shared/platform/logger.ts';
import {
  addSuppression,
  removeSuppression,
  suppressionEntries,
} from '#shared/suppressions/suppression.service.ts';
import {
  publicPurposeConsent,
  purposeConsentChangeItem,
  purposeConsentFromItem,
  purposeConsentItem,
  purposeConsentKey,
  purposeConsentsQuery,
} from './consent.entity.ts';
import {
  type ConsentPurpose,
  NEWSLETTER_WORDING_VERSION,
  type PurposeConsent,
  type SubscribeInput,
} from './consent.schema.ts';
import {
  consentTokenSecret,
  ipProof,
  signConfirmToken,
  signUnsubscribeToken,
  verifyConfirmToken,
  verifyUnsubscribeToken,
} from './consent-token.ts';
import { renderConfirmationMail } from './newsletter-mail.template.ts';

type StoredConsent = PurposeConsent & { nonce: string | null };

/** A new sign-up for a still pending address is mailed again only after this long (no mail bombing). */
const RESEND_AFTER_MS = 5 * 60 * 1000;

/** Base URL of the public API in mailed links (`PUBLIC_API_URL`; locally the HTTP server's). */
export const publicBaseUrl = (source: NodeJS.ProcessEnv = process.env): string =>
  (source.PUBLIC_API_URL?.trim() || 'http://localhost:3000').replace(/\/+$/, '');

/** A concurrent change of the same consent: the platform retries the operation on fresh reads. */
const lostRace = () =>
  new AppError('conflict', 'The consent changed meanwhile; retry.', { headers: { 'retry-after': '1' } });

export const findPurposeConsent = async (
  contactId: string,
  purpose: ConsentPurpose,
): Promise<StoredConsent | undefined> => {
  const item = await getItem(purposeConsentKey(contactId, purpose));
  return item ? purposeConsentFromItem(item) : undefined;
};

export const listPurposeConsents = async (contactId: string): Promise<PurposeConsent[]> => {
  await findContact(contactId);
  const page = await queryPage(purposeConsentsQuery(contactId));
  return page.items.map((item) => publicPurposeConsent(purposeConsentFromItem(item)));
};

/** Writes the new state (conditional on the one read), its history item and `consent.changed`. */
const writePurposeConsent = (
  uow: UnitOfWork,
  current: StoredConsent | undefined,
  next: Pick<PurposeConsent, 'contactId' | 'purpose' | 'status' | 'source' | 'wordingVersion' | 'ipHash'> & {
    nonce: string | null;
  },
): PurposeConsent => {
  const { nonce, ...fields } = next;
  const consent: PurposeConsent = {
    ...fields,
    channel: 'email',
    at: nowIso(),
    version: (current?.version ?? 0) + 1,
  };
  const item = purposeConsentItem(consent, nonce);
  if (current) uow.replace(item, current.version, lostRace);
  else uow.create(item, lostRace);
  uow.create(purposeConsentChangeItem(consent, current?.status ?? null, uow.actor.id), lostRace);
  uow.emit(consentChanged, consent.contactId, {
    channel: 'email',
    status: consent.status,
    previousStatus: current?.status ?? null,
    source: consent.source,
    version: consent.wordingVersion,
    purpose: consent.purpose,
  });
  return consent;
};

/** Staff set a purpose consent (e.g. from a signed paper form); the same state again changes nothing. */
export const setPurposeConsent = async (
  contactId: string,
  purpose: ConsentPurpose,
  input: { status: PurposeConsent['status']; source: string; wordingVersion?: string | undefined },
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<PurposeConsent> => {
  await findContact(contactId);
  const current = await findPurposeConsent(contactId, purpose);
  if (ifMatch !== undefined && ifMatch !== (current?.version ?? 0)) {
    throw preconditionFailed(ifMatch, current?.version ?? 0);
  }
  const wordingVersion = input.wordingVersion ?? null;
  if (
    current &&
    current.status === input.status &&
    current.source === input.source &&
    current.wordingVersion === wordingVersion
  ) {
    return publicPurposeConsent(current);
  }
  return writePurposeConsent(uow, current, {
    contactId,
    purpose,
    status: input.status,
    source: input.source,
    wordingVersion,
    ipHash: null,
    nonce: null,
  });
};

/**
 * Double opt-in sign-up: matches or creates the contact (lifecycle `subscriber`), records consent
 * `pending` with source, wording version and the hashed client address, and mails the signed
 * confirmation link. Known, unknown, subscribed and suppressed addresses get the same answer; only
 * the mail (to the address itself) differs.
 */
export const subscribe = async (
  input: SubscribeInput,
  sourceIp: string | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const secret = await consentTokenSecret();
  const claim = await getItem(contactEmailKey(input.email));
  const known = typeof claim?.contactId === 'string';
  const contact: Contact = known
    ? await findContact(String(claim?.contactId))
    : await createContact(
        {
          firstName: input.firstName ?? '',
          lastName: '',
          email: input.email,
          lifecycleStage: 'subscriber',
          language: input.language ?? 'de',
          interests: [],
        },
        uow,
      );
  const current = known ? await findPurposeConsent(contact.id, input.purpose) : undefined;
  if (current?.status === 'granted') return;
  const entries = await suppressionEntries(input.email);
  if (entries.some((entry) => entry.reason !== 'unsubscribe')) {
    logger.info('Sign-up not mailed: address suppressed', { contactId: contact.id });
    return;
  }
  if (current?.status === 'pending' && clock.now().getTime() - Date.parse(current.at) < RESEND_AFTER_MS) {
    return;
  }
  const nonce = newId();
  writePurposeConsent(uow, current, {
    contactId: contact.id,
    purpose: input.purpose,
    status: 'pending',
    source: 'newsletter_form',
    wordingVersion: NEWSLETTER_WORDING_VERSION,
    ipHash: ipProof(secret, sourceIp),
    nonce,
  });
  const token = signConfirmToken(secret, { contactId: contact.id, purpose: input.purpose, nonce });
  // Sent before the commit: should the commit fail, the link finds no pending nonce and is refused.
  const messageId = await sendMail({
    to: input.email,
    ...renderConfirmationMail({
      language: (input.language ?? contact.language) as Language,
      firstName: contact.firstName || undefined,
      link: `${publicBaseUrl()}/v1/public/newsletter/confirm?token=${encodeURIComponent(token)}`,
    }),
  });
  logger.info('Double opt-in mail sent', { contactId: contact.id, messageId });
};

/**
 * Confirms a pending sign-up once: the link's nonce must still be the pending one (a reused or
 * superseded link is 409, a forged one 401, an expired one 404). Lifts the contact's own
 * unsubscribe of this purpose; bounces, complaints and manual suppressions stay.
 */
export const confirmSubscription = async (
  token: string,
  sourceIp: string | undefined,
  uow: UnitOfWork,
): Promise<{ purpose: ConsentPurpose }> => {
  const secret = await consentTokenSecret();
  const { contactId, purpose, nonce } = verifyConfirmToken(secret, token);
  const current = await findPurposeConsent(contactId, purpose);
  if (current?.status !== 'pending' || current.nonce !== nonce) {
    throw new AppError('conflict', 'This confirmation link was already used or replaced by a newer one.');
  }
  const contactItem = await getItem(contactKey(contactId));
  if (!contactItem) throw notFound('Subscription', contactId);
  writePurposeConsent(uow, current, {
    contactId,
    purpose,
    status: 'granted',
    source: 'double_opt_in',
    wordingVersion: current.wordingVersion,
    ipHash: ipProof(secret, sourceIp),
    nonce: null,
  });
  await removeSuppression(uow, {
    email: contactFromItem(contactItem).email,
    reason: 'unsubscribe',
    purpose,
    source: 'double_opt_in',
  });
  return { purpose };
};

/**
 * Withdrawal through the signed link: revokes the purpose consent (source `unsubscribe_link`) and
 * suppresses the address for that purpose; nothing else changes. Idempotent; a link of an erased
 * contact answers the same (there is nobody left to mail).
 */
export const unsubscribe = async (
  token: string,
  uow: UnitOfWork,
): Promise<{ purpose: ConsentPurpose; language: Language }> => {
  const { contactId, purpose, campaignId } = verifyUnsubscribeToken(await consentTokenSecret(), token);
  const contactItem = await getItem(contactKey(contactId));
  if (!contactItem) return { purpose, language: 'de' };
  const contact = contactFromItem(contactItem);
  const current = await findPurposeConsent(contactId, purpose);
  if (current?.status !== 'revoked') {
    writePurposeConsent(uow, current, {
      contactId,
      purpose,
      status: 'revoked',
      source: 'unsubscribe_link',
      wordingVersion: current?.wordingVersion ?? null,
      ipHash: null,
      nonce: null,
    });
    if (campaignId) await recordCampaignUnsubscribe(uow, campaignId, contactId, nowIso());
  }
  await addSuppression(uow, {
    email: contact.email,
    reason: 'unsubscribe',
    purpose,
    source: 'unsubscribe_link',
    contactId,
  });
  return { purpose, language: contact.language };
};

/**
 * The signed one-click unsubscribe URL of a contact and purpose (for campaign and sequence mail);
 * with the campaign, so the campaign's unsubscribes are counted.
 */
export const unsubscribeUrl = async (
  contactId: string,
  purpose: ConsentPurpose,
  campaignId?: string,
): Promise<string> =>
  `${publicBaseUrl()}/v1/public/unsubscribe?token=${encodeURIComponent(
    signUnsubscribeToken(await consentTokenSecret(), { contactId, purpose, campaignId }),
  )}`;

/** The two RFC 8058 headers, in the shape `SendEmail`/`SendBulkEmail` take. */
export const listUnsubscribeHeaders = async (
  contactId: string,
  purpose: ConsentPurpose,
  campaignId?: string,
): Promise<{ Name: string; Value: string }[]> => [
  { Name: 'List-Unsubscribe', Value: `<${await unsubscribeUrl(contactId, purpose, campaignId)}>` },
  { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
];
