import type { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type { AppFunction, TableAction } from '../constructs/app-function.ts';

/** What a feature's function may be bound to. */
export type FeatureResources = {
  stage: string;
  table: dynamodb.ITable;
  bus: events.IEventBus;
};

/**
 * Everything AWS needs for one feature's function beyond the routes (which come from
 * `apiCatalog`): sizing, grants and environment. One file per feature in `lib/features/`.
 */
export type FeatureWiring = {
  /** `FeatureApi.functionName` (or a queue route's `consumer`). */
  functionName: string;
  description: string;
  timeout?: Duration;
  memorySize?: number;
  /** Grants and environment, through the `bind*` helpers only. */
  wire: (fn: AppFunction, resources: FeatureResources) => void;
};

export const defineFeature = (wiring: FeatureWiring): FeatureWiring => wiring;

/** Reads one item or a page of a partition, on the table and its indexes. */
export const TABLE_READ: readonly TableAction[] = ['dynamodb:GetItem', 'dynamodb:Query'];

/**
 * A record feature: reads, and writes through one TransactWriteItems per use case (state change,
 * outbox event, idempotency record, uniqueness guards), which DynamoDB authorises item by item.
 */
export const TABLE_RECORDS: readonly TableAction[] = [
  ...TABLE_READ,
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * The wiring of a function without its own file: read-only table access, plus the rate-limit
 * counter (UpdateItem) when it serves rate-limited public routes. Reading is what every API function does;
 * writing records must be asked for explicitly in `lib/features/<feature>.ts`.
 */
export const defaultFeature = (functionName: string, options: { publicRoutes: boolean }): FeatureWiring => ({
  functionName,
  description: `Front Office ${functionName} (default wiring: read-only table access)`,
  wire: (fn, { table }) => {
    fn.bindTable(table, options.publicRoutes ? [...TABLE_READ, 'dynamodb:UpdateItem'] : TABLE_READ);
  },
});
