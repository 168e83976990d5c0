import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Web forms and public submissions: a submission captures a lead (writes), rate limits use UpdateItem. */
export const formsFeature = defineFeature({
  functionName: 'forms',
  description: 'Front Office Forms: web forms and public submissions',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
