import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Sequences API: definitions through the unit of work (the reactivation example also writes a segment and templates). */
export const sequenceApiFeature = defineFeature({
  functionName: 'sequence-api',
  description: 'Front Office sequences: nurture sequence definitions and their enrollments',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
