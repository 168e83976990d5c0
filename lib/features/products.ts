import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Products: the price list, maintained by admins and sales managers and fed by the ERP. */
export const productsFeature = defineFeature({
  functionName: 'products',
  description: 'Front Office Products: price list and availability',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
