import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { Form, ListFormsQuery } from './form.schema.ts';

/** Key layout of web forms; docs/data-model.md ("Leads and forms") lists the access patterns. */
export const FORM_ENTITY = 'form';

export const formKey = (id: string) => ({ pk: `FORM#${id}`, sk: 'FORM' });

export const formItem = (form: Form): StoredItem => ({
  ...formKey(form.id),
  entity: FORM_ENTITY,
  gsi4pk: 'FORMS',
  gsi4sk: form.id,
  ...form,
});

export const formFromItem = (item: Record<string, unknown>): Form => withoutStorageAttributes<Form>(item);

export const formListQuery = (query: ListFormsQuery): QuerySpec => ({
  index: 'gsi4',
  pk: 'FORMS',
  limit: query.limit,
  cursor: query.cursor,
});
