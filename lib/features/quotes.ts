import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * Quotes: drafts, versions, approval and acceptance (which writes the order in the same
 * transaction). UpdateItem (in TABLE_RECORDS) also serves the yearly quote-number counter.
 */
export const quotesFeature = defineFeature({
  functionName: 'quotes',
  description: 'Front Office Quotes: pricing, approval, acceptance into orders',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
