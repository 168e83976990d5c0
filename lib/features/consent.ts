import { bindConsentTokenSecret } from './consent-token-secret.ts';
import { defineFeature, TABLE_RECORDS } from './feature.ts';
import { bindConfiguredSes } from './mail-identity.ts';

/**
 * Consent: the public double opt-in and unsubscribe links (signed with the consent-token secret,
 * `frontoffice-<stage>-consent-token` or `-c consentTokenSecretName=…`, created by the operator),
 * consents per purpose, the confirmation mail through the configured SES identity.
 */
export const consentFeature = defineFeature({
  functionName: 'consent',
  description: 'Front Office consent: double opt-in, unsubscribe links, consent per purpose',
  memorySize: 256,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, TABLE_RECORDS);
    bindConsentTokenSecret(fn, stage);
    bindConfiguredSes(fn);
  },
});
