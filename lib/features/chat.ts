import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * The chatbot: conversations, tickets on hand-over (with the contact they may create) and the
 * knowledge base search index in memory, like the kb function (docs/kb-search.md).
 */
export const chatFeature = defineFeature({
  functionName: 'chat',
  description: 'Front Office Chat: the public rule-based assistant',
  memorySize: 1024,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
