import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** The suppression list API: entries keyed by the address's SHA-256, written with their event. */
export const suppressionsFeature = defineFeature({
  functionName: 'suppressions',
  description: 'Front Office suppression list (hashed addresses)',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
