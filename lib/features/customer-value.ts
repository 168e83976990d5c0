import type { TableAction } from '../constructs/app-function.ts';
import { addDailyRule } from './daily-rule.ts';
import { defineFeature } from './feature.ts';

/** Reads facts, counted orders and tickets; writes facts, counted orders and outbox items (transactions). */
const CUSTOMER_VALUE_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/**
 * Customer value (consumer of the `customer-value` queue): reads tickets and its own facts, writes
 * facts, counted orders and outbox events in one transaction. A daily EventBridge rule (`rate(1 day)`,
 * input `{ daily: true }`) recomputes churn risk, which moves with time alone; that pass pages through
 * every fact shard. The timeout follows the queue's visibility (route `customer-value`: 1800 s → 5 min).
 */
export const customerValueFeature = defineFeature({
  functionName: 'customer-value',
  description: 'Front Office customer value: orders, tickets, mail feedback → value and churn risk',
  memorySize: 512,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, CUSTOMER_VALUE_TABLE);
    addDailyRule(
      fn,
      stage,
      'customer-value-daily',
      'Daily: recompute churn risk (it moves with time alone) and republish changed figures.',
    );
  },
});
