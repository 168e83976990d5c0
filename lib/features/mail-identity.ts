import { Stack } from 'aws-cdk-lib';
import type { AppFunction } from '../constructs/app-function.ts';

const DEFAULT_FROM = 'Front Office <noreply@frontoffice.example>';

/**
 * Lets a function send mail as the one configured SES identity: `-c mailFrom="Shop <orders@example.com>"`
 * and `-c sesIdentity=example.com` (default: the domain of mailFrom). The identity must be verified
 * in SES in the stack's region.
 */
export const bindConfiguredSes = (fn: AppFunction): void => {
  const from = String(fn.node.tryGetContext('mailFrom') ?? DEFAULT_FROM);
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const identity = String(fn.node.tryGetContext('sesIdentity') ?? address.split('@')[1] ?? address);
  fn.bindSes(Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: identity }), from);
};
