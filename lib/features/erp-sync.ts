import type { TableAction } from '../constructs/app-function.ts';
import { defineFeature, TABLE_READ } from './feature.ts';

/** Order and account reads; the order replace and its outbox item go in one transaction of Puts. */
const ERP_SYNC_TABLE: readonly TableAction[] = [...TABLE_READ, 'dynamodb:PutItem'];

/**
 * The ERP connector (consumer of the `erp-sync` queue). It calls `ERP_URL` over HTTPS: a Lambda
 * outside a VPC has outbound internet, so no grant is involved. `ERP_URL` comes from
 * `-c erpUrl=https://erp.example.com/api`; without it every record fails into the (alarmed) DLQ
 * until it is set and the queue is redriven (`frontoffice redrive erp --aws --stage <stage>`).
 */
export const erpSyncFeature = defineFeature({
  functionName: 'erp-sync',
  description: 'Front Office ERP connector: order.placed → POST {ERP_URL}/orders → order.synced',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, ERP_SYNC_TABLE);
    const erpUrl: unknown = fn.node.tryGetContext('erpUrl');
    if (typeof erpUrl === 'string' && erpUrl.trim()) fn.addEnvironment('ERP_URL', erpUrl.trim());
  },
});
