import type { TableAction } from '../constructs/app-function.ts';
import { defineFeature } from './feature.ts';
import { bindConfiguredSes } from './mail-identity.ts';

/** Reads order and contact; claims the sent-marker (Put) and releases it after a failed send (Delete). */
const ORDER_MAILER_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:DeleteItem',
];

/**
 * Order confirmation mail (consumer of the `order-confirmation` queue), sent only as the configured
 * SES identity (lib/features/mail-identity.ts).
 */
export const orderMailerFeature = defineFeature({
  functionName: 'order-mailer',
  description: 'Front Office order confirmation mail: order.placed → SES v2, once per order',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, ORDER_MAILER_TABLE);
    bindConfiguredSes(fn);
  },
});
