import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Segments API: definitions written through the unit of work; count and preview are reads. */
export const segmentsFeature = defineFeature({
  functionName: 'segments',
  description: 'Front Office segments: rules, live count, member preview',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
