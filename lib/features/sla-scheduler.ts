import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * SLA schedules (consumer of the `sla-schedules` queue): reads tickets, sets missing due times and,
 * for a due time already past, records the breach. Scheduler grants (group, role, PassRole) are
 * not wired yet: see docs/sla.md.
 */
export const slaSchedulerFeature = defineFeature({
  functionName: 'sla-scheduler',
  description: 'Front Office SLA schedules: ticket events → one-time breach schedules',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
