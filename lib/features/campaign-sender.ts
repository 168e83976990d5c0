import { bindCampaignSending } from './campaign-ses.ts';
import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * Campaign sender (consumer of `campaign-send`): claims recipients (UpdateItem), checks consent and
 * suppressions (GetItem), one SendBulkEmail per batch, records results with the counters.
 */
export const campaignSenderFeature = defineFeature({
  functionName: 'campaign-sender',
  description: 'Front Office campaign sender: a batch of ≤ 50 recipients → one SES SendBulkEmail',
  memorySize: 512,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, TABLE_RECORDS);
    bindCampaignSending(fn, stage);
  },
});
