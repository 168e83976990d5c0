import { contactEmailKey, contactFromItem, contactKey } from '#shared/contacts/contact.entity.ts';
import type { Consent, Contact } from '#shared/contacts/contact.schema.ts';
import { getItem } from '#shared/platform/db/table.ts';
import { emailHash, suppressionFromItem, suppressionKey } from '#shared/suppressions/suppression.entity.ts';
import {
  type SuppressionEntry,
  type SuppressionReason,
  TRANSACTIONAL_BLOCKERS,
} from '#shared/suppressions/suppression.schema.ts';
import { purposeConsentFromItem, purposeConsentKey } from './consent.entity.ts';
import type { ConsentPurpose, PurposeConsent } from './consent.schema.ts';

export type SendKind = 'marketing' | 'transactional';

export type SendDecision =
  | { allowed: true }
  | {
      allowed: false;
      reason: 'no_address' | 'email_consent_revoked' | 'suppressed' | 'no_consent';
    };

/**
 * The rules, without I/O. Marketing: granted consent for the purpose and no suppression that
 * applies (bounce, complaint, manual, an unsubscribe of everything or of this purpose).
 * Transactional: no hard bounce or complaint, and the contact's email consent not revoked.
 */
export const decideSend = (input: {
  kind: SendKind;
  purpose?: ConsentPurpose | undefined;
  email: string | undefined;
  emailConsent: Pick<Consent, 'status'> | undefined;
  purposeConsent: Pick<PurposeConsent, 'status'> | undefined;
  suppressions: readonly Pick<SuppressionEntry, 'reason' | 'purpose'>[];
}): SendDecision => {
  if (!input.email) return { allowed: false, reason: 'no_address' };
  if (input.emailConsent?.status === 'revoked') return { allowed: false, reason: 'email_consent_revoked' };
  if (input.kind === 'transactional') {
    return input.suppressions.some((entry) => TRANSACTIONAL_BLOCKERS.includes(entry.reason))
      ? { allowed: false, reason: 'suppressed' }
      : { allowed: true };
  }
  const applies = input.suppressions.some(
    (entry) => entry.reason !== 'unsubscribe' || entry.purpose === null || entry.purpose === input.purpose,
  );
  if (applies) return { allowed: false, reason: 'suppressed' };
  if (!input.purpose || input.purposeConsent?.status !== 'granted') {
    return { allowed: false, reason: 'no_consent' };
  }
  return { allowed: true };
};

/** Only GetItem on fixed keys (no Query), so every mailer may check with the grants it has. */
const suppressionsOf = async (email: string, kind: SendKind, purpose: ConsentPurpose | undefined) => {
  const hash = emailHash(email);
  const keys: [SuppressionReason, string | null][] =
    kind === 'transactional'
      ? TRANSACTIONAL_BLOCKERS.map((reason) => [reason, null])
      : [
          ['hard_bounce', null],
          ['complaint', null],
          ['manual', null],
          ['unsubscribe', null],
          ...(purpose ? [['unsubscribe', purpose] as [SuppressionReason, string]] : []),
        ];
  const items = await Promise.all(keys.map(([reason, p]) => getItem(suppressionKey(hash, reason, p))));
  return items.filter((item) => item !== undefined).map(suppressionFromItem);
};

const contactOf = async (
  who: { contact: Contact } | { contactId: string } | { email: string },
): Promise<Contact | undefined> => {
  if ('contact' in who) return who.contact;
  if ('contactId' in who) {
    const item = await getItem(contactKey(who.contactId));
    return item ? contactFromItem(item) : undefined;
  }
  const claim = await getItem(contactEmailKey(who.email.trim().toLowerCase()));
  if (typeof claim?.contactId !== 'string') return undefined;
  const item = await getItem(contactKey(claim.contactId));
  return item ? contactFromItem(item) : undefined;
};

/**
 * Whether a mail may go to a contact or an address: every send path asks this right before SES.
 * `purpose` is required for marketing (without it marketing is refused).
 */
export const canSend = async (
  input: ({ contact: Contact } | { contactId: string } | { email: string }) & {
    kind: SendKind;
    purpose?: ConsentPurpose;
  },
): Promise<SendDecision> => {
  const contact = await contactOf(input);
  const email = contact?.email ?? ('email' in input ? input.email : undefined);
  if (!email) return { allowed: false, reason: 'no_address' };
  const [suppressions, purposeItem] = await Promise.all([
    suppressionsOf(email, input.kind, input.purpose),
    input.kind === 'marketing' && contact && input.purpose
      ? getItem(purposeConsentKey(contact.id, input.purpose))
      : Promise.resolve(undefined),
  ]);
  return decideSend({
    kind: input.kind,
    purpose: input.purpose,
    email,
    emailConsent: contact?.consents.email,
    purposeConsent: purposeItem ? purposeConsentFromItem(purposeItem) : undefined,
    suppressions,
  });
};
