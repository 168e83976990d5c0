import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * Campaigns API: campaign records through the unit of work (start = status + outbox event), reads of
 * segments, templates, recipients and the clickers' orders for the figures. Its Scheduler grants
 * (the start schedules) come from `OneTimeSchedules.bindCreator` (shared/schedule-targets.ts).
 */
export const campaignsFeature = defineFeature({
  functionName: 'campaigns',
  description: 'Front Office campaigns: segment + template + schedule, figures',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
