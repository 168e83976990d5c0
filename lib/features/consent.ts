import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { physicalName } from '../stage.ts';
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
    const name: unknown = fn.node.tryGetContext('consentTokenSecretName');
    const secret = secretsmanager.Secret.fromSecretNameV2(
      fn,
      'ConsentTokenSecret',
      typeof name === 'string' && name ? name : physicalName(stage, 'consent-token'),
    );
    fn.bindSecret(secret, 'CONSENT_TOKEN_SECRET_ID');
    bindConfiguredSes(fn);
  },
});
