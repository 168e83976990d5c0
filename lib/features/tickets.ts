import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Tickets: service cases with messages and history. Transactional writes (ticket, claims, loads, contacts) and the outbox. */
export const ticketsFeature = defineFeature({
  functionName: 'tickets',
  description: 'Front Office Tickets: service cases, rules, assignment, KPIs',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
