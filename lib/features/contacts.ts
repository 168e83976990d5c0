import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Contacts: CRUD, 360° view, consents. Reads and transactional writes on the table; events go through the outbox. */
export const contactsFeature = defineFeature({
  functionName: 'contacts',
  description: 'Front Office Contacts: CRUD, 360° view, consents',
  wire: (fn, { table }) => {
    fn.bindTable(table, TABLE_RECORDS);
  },
});
