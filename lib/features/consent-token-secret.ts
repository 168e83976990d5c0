import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { AppFunction } from '../constructs/app-function.ts';
import { physicalName } from '../stage.ts';

/**
 * The consent-token secret (`frontoffice-<stage>-consent-token` or `-c consentTokenSecretName=…`,
 * created by the operator) as CONSENT_TOKEN_SECRET_ID. One place for the name, because every
 * function that signs or checks consent links (unsubscribe, double opt-in) must read the same secret.
 */
export const bindConsentTokenSecret = (fn: AppFunction, stage: string): void => {
  const name: unknown = fn.node.tryGetContext('consentTokenSecretName');
  const secret = secretsmanager.Secret.fromSecretNameV2(
    fn,
    'ConsentTokenSecret',
    typeof name === 'string' && name ? name : physicalName(stage, 'consent-token'),
  );
  fn.bindSecret(secret, 'CONSENT_TOKEN_SECRET_ID');
};
