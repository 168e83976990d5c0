import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** The scheduled start of a campaign (target of its one-time schedule): status + outbox event. */
export const campaignStartFeature = defineFeature({
  functionName: 'campaign-start',
  description: 'Front Office campaign start: a scheduled campaign starts sending',
  memorySize: 256,
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
