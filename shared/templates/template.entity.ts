import { foldText, type StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { ListTemplatesQuery, Template } from './template.schema.ts';

/** Key layout of templates; docs/data-model.md lists the access patterns these keys serve. */
export const TEMPLATE_ENTITY = 'template';

/** One item per template, all language variants inside it (a template is edited and versioned as a whole). */
export const templateKey = (id: string) => ({ pk: `TEMPLATE#${id}`, sk: 'TEMPLATE' });

export const templateItem = (template: Template): StoredItem => ({
  ...templateKey(template.id),
  entity: TEMPLATE_ENTITY,
  // The template list by name (folded, so "Ärger" sorts with "Aerger").
  gsi4pk: 'TEMPLATES',
  gsi4sk: `${foldText(template.name)}#${template.id}`,
  ...template,
});

export const templateFromItem = (item: Record<string, unknown>): Template =>
  withoutStorageAttributes<Template>(item);

export const templateListQuery = (query: ListTemplatesQuery): QuerySpec => ({
  index: 'gsi4',
  pk: 'TEMPLATES',
  limit: query.limit,
  cursor: query.cursor,
  filter: { kind: query.kind },
});
