import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Activities: calls, meetings, notes, tasks. Reads and transactional writes on the table; events go through the outbox. */
export const activitiesFeature = defineFeature({
  functionName: 'activities',
  description: 'Front Office Activities: calls, meetings, notes, tasks',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
