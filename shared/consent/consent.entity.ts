import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import { newId } from '#shared/platform/ids.ts';
import type { ConsentPurpose, PurposeConsent } from './consent.schema.ts';

export const PURPOSE_CONSENT_ENTITY = 'purpose-consent';
export const PURPOSE_CONSENT_CHANGE_ENTITY = 'purpose-consent-change';

/**
 * In the contact's partition but outside its gsi1 collection (the 360° view reads the channel
 * consents); the pending double opt-in nonce lives here and is never returned.
 */
export const purposeConsentKey = (contactId: string, purpose: ConsentPurpose) => ({
  pk: `CONTACT#${contactId}`,
  sk: `PURPOSE#${purpose}`,
});

export const purposeConsentItem = (consent: PurposeConsent, nonce: string | null): StoredItem => ({
  ...purposeConsentKey(consent.contactId, consent.purpose),
  entity: PURPOSE_CONSENT_ENTITY,
  ...consent,
  nonce,
});

export const purposeConsentFromItem = (
  item: Record<string, unknown>,
): PurposeConsent & { nonce: string | null } =>
  withoutStorageAttributes<PurposeConsent & { nonce: string | null }>(item);

export const publicPurposeConsent = ({
  nonce: _nonce,
  ...consent
}: PurposeConsent & { nonce: string | null }): PurposeConsent => consent;

/** History of a purpose consent (proof of when and how it moved), kept beside it. */
export const purposeConsentChangeItem = (
  consent: PurposeConsent,
  previousStatus: string | null,
  actorId: string,
): StoredItem => {
  const id = newId();
  return {
    pk: `CONTACT#${consent.contactId}`,
    sk: `PURPOSE_HISTORY#${id}`,
    entity: PURPOSE_CONSENT_CHANGE_ENTITY,
    id,
    ...consent,
    previousStatus,
    actorId,
  };
};

export const purposeConsentsQuery = (contactId: string): QuerySpec => ({
  pk: `CONTACT#${contactId}`,
  skPrefix: 'PURPOSE#',
  limit: 20,
});
