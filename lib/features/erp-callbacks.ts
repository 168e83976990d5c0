import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { TableAction } from '../constructs/app-function.ts';
import { physicalName } from '../stage.ts';
import { defineFeature } from './feature.ts';

/**
 * Order, product and callback-claim reads; the change, its outbox item and the claim in one
 * transaction (Puts); the per-client rate-limit counter (Update).
 */
const ERP_CALLBACKS_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * ERP callbacks (`POST /v1/public/erp/callbacks`): the HMAC secret shared with the ERP is a
 * Secrets Manager secret the operator creates (docs/erp.md), named `frontoffice-<stage>-erp-callback`
 * or `-c erpCallbackSecretName=…`; the function may read that one secret and nothing else.
 */
export const erpCallbacksFeature = defineFeature({
  functionName: 'erp-callbacks',
  description: 'Front Office ERP callbacks: signed invoice and product updates from the ERP',
  memorySize: 256,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, ERP_CALLBACKS_TABLE);
    const name: unknown = fn.node.tryGetContext('erpCallbackSecretName');
    const secret = secretsmanager.Secret.fromSecretNameV2(
      fn,
      'ErpCallbackSecret',
      typeof name === 'string' && name ? name : physicalName(stage, 'erp-callback'),
    );
    fn.bindSecret(secret, 'ERP_CALLBACK_SECRET_ID');
  },
});
