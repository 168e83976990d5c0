import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * Knowledge base: article writes (with the version counter, UpdateItem) and the public search,
 * whose index lives in memory: 1,024 MB buys the heap for ~5,000 articles and the CPU of a
 * faster rebuild (docs/kb-search.md).
 */
export const kbFeature = defineFeature({
  functionName: 'kb',
  description: 'Front Office Knowledge base: articles and public search',
  memorySize: 1024,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
