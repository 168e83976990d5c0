import * as z from 'zod';
import { apiCatalog } from '#shared/api-catalog.ts';
import type { FeatureApi, Operation } from '#shared/platform/http/operation.ts';
import { type Column, columnsOf } from './export-columns.ts';

/**
 * Something that can be exported: one list operation of the API (a GET whose response is a page,
 * `{ items, nextCursor }`). Derived from the API catalog, so a new list endpoint is exportable the
 * day it ships, with the same filters (its query schema) and the same roles.
 */
export type ExportResource = {
  /** `contacts`, `articles`, `ticket-messages`, `lead-score-history`. */
  name: string;
  operationId: string;
  operation: Operation;
  /** Path parameters the route needs (`id` of `/v1/tickets/{id}/messages`). */
  pathParams: string[];
  /** Query parameters that filter, i.e. everything but `limit` and `cursor`. */
  filters: string[];
  columns: Column[];
};

const PAGING = new Set(['limit', 'cursor']);

/** The operation id minus list/get, kebab-cased: `listTicketMessages` → `ticket-messages`. */
const resourceName = (operationId: string): string =>
  operationId
    .replace(/^(list|get)/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();

const pageItemSchema = (operation: Operation): z.ZodType | undefined => {
  if (operation.method !== 'GET' || !(operation.response instanceof z.ZodObject)) return undefined;
  const shape = operation.response.shape as Record<string, z.ZodType>;
  const items = shape.items;
  if (!('nextCursor' in shape) || !(items instanceof z.ZodArray)) return undefined;
  return items.element as z.ZodType;
};

/** Every list operation of the catalog, by resource name. */
export const exportResources = (catalog: readonly FeatureApi[] = apiCatalog): Map<string, ExportResource> => {
  const resources = new Map<string, ExportResource>();
  for (const api of catalog) {
    for (const [operationId, operation] of Object.entries(api.operations)) {
      const item = pageItemSchema(operation);
      if (!item) continue;
      const name = resourceName(operationId);
      // Two features listing the same noun stay apart by their function name.
      const unique = resources.has(name) ? `${api.functionName}-${name}` : name;
      resources.set(unique, {
        name: unique,
        operationId,
        operation,
        pathParams: [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? ''),
        filters: Object.keys(operation.query?.shape ?? {}).filter((key) => !PAGING.has(key)),
        columns: columnsOf(item),
      });
    }
  }
  return resources;
};

/** A request the export cannot make: unknown resource, format or filter, a bad filter value. */
export class ExportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportInputError';
  }
}

/** The resource or a message that lists the ones there are. */
export const findExportResource = (
  name: string,
  resources: Map<string, ExportResource> = exportResources(),
): ExportResource => {
  const resource = resources.get(name);
  if (!resource) {
    throw new ExportInputError(
      `Cannot export "${name}": exportable are ${[...resources.keys()].sort().join(', ')}.`,
    );
  }
  return resource;
};

export type ExportRequest = {
  /** The first page's URL path and query, without `cursor`: `/v1/contacts?lifecycleStage=customer&limit=200`. */
  path: string;
  query: URLSearchParams;
};

/** The most the list endpoints return per page (shared/platform/http/schemas.ts limitSchema). */
export const EXPORT_PAGE_SIZE = 200;

/**
 * Checks filters against the operation's own query schema (so an export accepts exactly what the
 * list endpoint does, with the same messages) and builds the list request. `id` and other path
 * parameters are filters too: `--filter id=<ticketId>` for `ticket-messages`.
 */
export const exportRequest = (resource: ExportResource, filters: Record<string, string>): ExportRequest => {
  let path = resource.operation.path;
  const rest = { ...filters };
  for (const param of resource.pathParams) {
    const value = rest[param];
    if (value === undefined) {
      throw new ExportInputError(
        `Exporting ${resource.name} needs --filter ${param}=<value> (${resource.operation.path}).`,
      );
    }
    path = path.replace(`{${param}}`, encodeURIComponent(value));
    delete rest[param];
  }
  for (const key of Object.keys(rest)) {
    if (!resource.filters.includes(key)) {
      throw new ExportInputError(
        `"${key}" does not filter ${resource.name}: ${
          resource.filters.length > 0 ? `use ${resource.filters.join(', ')}` : 'it has no filters'
        }${resource.pathParams.length > 0 ? ` (and ${resource.pathParams.join(', ')})` : ''}.`,
      );
    }
  }
  if (resource.operation.query) {
    const checked = resource.operation.query.safeParse({ ...rest, limit: String(EXPORT_PAGE_SIZE) });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ExportInputError(
        `Filter ${issue?.path.join('.') || ''} of ${resource.name}: ${issue?.message ?? 'invalid value'}`.trim(),
      );
    }
  }
  return { path, query: new URLSearchParams({ ...rest, limit: String(EXPORT_PAGE_SIZE) }) };
};
