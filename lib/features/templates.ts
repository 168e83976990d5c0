import { defineFeature, TABLE_RECORDS } from './feature.ts';
import { bindConfiguredSes } from './mail-identity.ts';

/**
 * Mail templates: CRUD on template records (with outbox events), reads of contacts and accounts
 * for previews, and test sends as the configured SES identity.
 */
export const templatesFeature = defineFeature({
  functionName: 'templates',
  description: 'Front Office Templates: mail templates, preview and test send',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
    bindConfiguredSes(fn);
  },
});
