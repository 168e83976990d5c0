import { defineFeature, TABLE_READ } from './feature.ts';

/** Orders: read-only API; orders are written by quote acceptance and the ERP sync. */
export const ordersFeature = defineFeature({
  functionName: 'orders',
  description: 'Front Office Orders: order lists and details',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_READ);
  },
});
