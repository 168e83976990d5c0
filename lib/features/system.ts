import { defineFeature } from './feature.ts';

/**
 * Health, the OpenAPI document and the `$default` 404/405 answers. Its routes are public, so it
 * only counts requests per client and minute (one atomic UpdateItem) and reads nothing else.
 */
export const systemFeature = defineFeature({
  functionName: 'system',
  description: 'Front Office system: health, OpenAPI document, 404/405 fallback',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, ['dynamodb:UpdateItem']);
  },
});
