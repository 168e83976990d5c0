import { nowIso } from '../clock.ts';
import { AppError, preconditionFailed } from '../errors.ts';
import { newId } from '../ids.ts';
import { INDEXES } from './keys.ts';

/** What every stored record carries (PRODUCT.md section 4). */
export type RecordMeta = { id: string; createdAt: string; updatedAt: string; version: number };

export const newRecordMeta = (): RecordMeta => {
  const now = nowIso();
  return { id: newId(), createdAt: now, updatedAt: now, version: 1 };
};

/** The meta of the next version of a record. */
export const nextRecordMeta = (meta: RecordMeta): RecordMeta => ({
  id: meta.id,
  createdAt: meta.createdAt,
  updatedAt: nowIso(),
  version: meta.version + 1,
});

/** Refuses a change that names another version in `If-Match` than the stored one. */
export const assertVersion = (current: RecordMeta, ifMatch: number | undefined): void => {
  if (ifMatch !== undefined && ifMatch !== current.version)
    throw preconditionFailed(ifMatch, current.version);
};

const STORAGE_ATTRIBUTES = new Set<string>([
  'pk',
  'sk',
  'entity',
  'expiresAt',
  ...Object.values(INDEXES).flatMap((index) => [index.pk, index.sk]),
]);

/** The record as the API shows it: the item without its key and bookkeeping attributes. */
export const withoutStorageAttributes = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !STORAGE_ATTRIBUTES.has(name))) as T;

/** Sets a GSI key pair only when its partition value exists (a sparse index). */
export const sparseKey = <P extends string, S extends string>(
  pkName: P,
  skName: S,
  pk: string | undefined,
  sk: string,
): Partial<Record<P | S, string>> => (pk ? ({ [pkName]: pk, [skName]: sk } as Record<P | S, string>) : {});

/** Names of the fields a patch really changes (a no-op patch writes nothing). */
export const changedFields = (before: object, patch: object): string[] =>
  Object.entries(patch)
    .filter(
      ([key, value]) =>
        JSON.stringify((before as Record<string, unknown>)[key] ?? null) !== JSON.stringify(value ?? null),
    )
    .map(([key]) => key);

/** The error for a conditional write that lost against a concurrent change (or a deletion). */
export const staleVersion =
  (what: string, expected: number) =>
  (current: Record<string, unknown> | undefined): Error =>
    current
      ? preconditionFailed(expected, Number(current.version))
      : new AppError('not-found', `The ${what} no longer exists.`);

/**
 * A patch applied to a record read for update: checks `If-Match`, and gives the next version with
 * the names of the fields that really change, or undefined when nothing changes (nothing to write).
 */
export const planUpdate = <T extends RecordMeta>(
  current: T,
  patch: object,
  ifMatch: number | undefined,
): { next: T; changed: string[] } | undefined => {
  assertVersion(current, ifMatch);
  const changed = changedFields(current, patch);
  if (changed.length === 0) return undefined;
  return { next: { ...current, ...patch, ...nextRecordMeta(current) }, changed };
};
