import { bindCampaignSesSetup } from './campaign-ses.ts';
import { defineFeature, TABLE_RECORDS } from './feature.ts';

/**
 * Campaign materialiser (consumer of `campaign-recipients`): reads segment members, writes
 * recipients page by page (one transaction each, with the cursor and the batch event), and prepares
 * SES (template copies, the campaign's configuration set).
 */
export const campaignMaterialiserFeature = defineFeature({
  functionName: 'campaign-materialiser',
  description: 'Front Office campaign recipients: segment members → recipients, one send batch per page',
  memorySize: 512,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, TABLE_RECORDS);
    bindCampaignSesSetup(fn, stage);
  },
});
