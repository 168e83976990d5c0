import { defineFeature, TABLE_READ } from './feature.ts';

/** Dashboards API: reads counters (Query) and campaign records (GetItem); writes nothing. */
export const reportsFeature = defineFeature({
  functionName: 'reports',
  description: 'Front Office reports: KPIs and dashboards from the report counters',
  memorySize: 512,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_READ);
  },
});
