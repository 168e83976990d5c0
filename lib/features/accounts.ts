import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Accounts: CRUD. Reads and transactional writes on the table; events go through the outbox. */
export const accountsFeature = defineFeature({
  functionName: 'accounts',
  description: 'Front Office Accounts: CRUD',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
