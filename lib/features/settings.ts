import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Settings: reads and versioned writes of configuration items; changes go out as events. */
export const settingsFeature = defineFeature({
  functionName: 'settings',
  description: 'Front Office Settings: configuration read by every feature, changed by admins',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
