import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Leads: capture, scoring, assignment. Transactional writes (lead, claims, counters, loads) and the outbox. */
export const leadsFeature = defineFeature({
  functionName: 'leads',
  description: 'Front Office Leads: capture, scoring, assignment',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
