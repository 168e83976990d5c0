import type { TableAction } from '../constructs/app-function.ts';
import { defineFeature } from './feature.ts';

/**
 * Claims, counters and per-contact/per-campaign facts: one TransactWriteItems per event (Put of the
 * claim and the customer item, UpdateItem ADD of counters), plain Put/Update of the facts, and
 * consistent reads of a contact's items. Never deletes.
 */
const REPORT_AGGREGATOR_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/** Report aggregator (consumer of the `reports` queue): events → KPI counters (docs/reports.md). */
export const reportAggregatorFeature = defineFeature({
  functionName: 'report-aggregator',
  description: 'Front Office report aggregator: KPI events → daily counters and attribution facts',
  wire: (fn, { table }) => {
    fn.bindTable(table, REPORT_AGGREGATOR_TABLE);
  },
});
