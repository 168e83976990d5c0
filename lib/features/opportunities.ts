import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Opportunities, pipeline and forecast. Reads and transactional writes on the table; events go through the outbox. */
export const opportunitiesFeature = defineFeature({
  functionName: 'opportunities',
  description: 'Front Office Opportunities: deals, stages, pipeline board and forecast',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
