import { Stack } from 'aws-cdk-lib';
import type { TableAction } from '../constructs/app-function.ts';
import { defineFeature } from './feature.ts';

/** Reads order and contact; claims the sent-marker (Put) and releases it after a failed send (Delete). */
const ORDER_MAILER_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
];

const DEFAULT_FROM = 'Front Office <noreply@frontoffice.example>';

/**
 * Order confirmation mail (consumer of the `order-confirmation` queue). Sends only as one SES
 * identity: `-c mailFrom="Shop <orders@example.com>"` and `-c sesIdentity=example.com` (defaults:
 * the domain of mailFrom). The identity must be verified in SES in the stack's region.
 */
export const orderMailerFeature = defineFeature({
  functionName: 'order-mailer',
  description: 'Front Office order confirmation mail: order.placed → SES v2, once per order',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, ORDER_MAILER_TABLE);
    const from = String(fn.node.tryGetContext('mailFrom') ?? DEFAULT_FROM);
    const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
    const identity = String(fn.node.tryGetContext('sesIdentity') ?? address.split('@')[1] ?? address);
    const identityArn = Stack.of(fn).formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: identity,
    });
    fn.bindSes(identityArn, from);
  },
});
