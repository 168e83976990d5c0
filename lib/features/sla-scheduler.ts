import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * SLA schedules (consumer of the `sla-schedules` queue): reads tickets, sets missing due times and,
 * for a due time already past, records the breach. Its Scheduler grants (this group's schedules,
 * PassRole of the invoke role) come from `OneTimeSchedules.bindCreator` (shared/schedule-targets.ts).
 */
export const slaSchedulerFeature = defineFeature({
  functionName: 'sla-scheduler',
  description: 'Front Office SLA schedules: ticket events → one-time breach schedules',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
