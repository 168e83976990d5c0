import type * as z from 'zod';
import { epochSeconds } from './clock.ts';
import { newRecordMeta, nextRecordMeta, type RecordMeta, staleVersion } from './db/record.ts';
import { getItem } from './db/table.ts';
import type { UnitOfWork } from './db/unit-of-work.ts';
import { conflict } from './errors.ts';

/**
 * A named piece of configuration (scoring rules, pipeline stages, approval thresholds…): a zod
 * schema and the defaults that apply until an admin stores another value. Features declare theirs
 * in `shared/<feature>/*.settings.ts` and list them in `shared/settings-catalog.ts`.
 */
export type SettingDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  description: string;
  schema: S;
  defaults: z.infer<S>;
};

export const defineSetting = <S extends z.ZodType>(definition: SettingDefinition<S>): SettingDefinition<S> =>
  definition;

export type StoredSetting<T = unknown> = RecordMeta & { name: string; value: T };

export const settingKey = (name: string) => ({ pk: `SETTING#${name}`, sk: 'SETTING' });

/** Settings change rarely and are read on hot paths: a warm function keeps them for 30 seconds. */
const CACHE_SECONDS = 30;
const cache = new Map<string, { value: unknown; until: number }>();

/** The stored setting, or undefined when only the defaults apply. */
export const findStoredSetting = async (name: string): Promise<StoredSetting | undefined> => {
  const item = await getItem(settingKey(name));
  if (!item) return undefined;
  const { id, createdAt, updatedAt, version, value } = item as unknown as StoredSetting;
  return { id, createdAt, updatedAt, version, name, value };
};

/** The value in force: stored (and still valid for today's schema) or the defaults. */
export const readSetting = async <S extends z.ZodType>(
  definition: SettingDefinition<S>,
): Promise<z.infer<S>> => {
  const cached = cache.get(definition.name);
  if (cached && cached.until > epochSeconds()) return cached.value as z.infer<S>;
  const stored = await findStoredSetting(definition.name);
  const parsed = stored ? definition.schema.safeParse(stored.value) : undefined;
  const value = parsed?.success ? parsed.data : definition.defaults;
  cache.set(definition.name, { value, until: epochSeconds() + CACHE_SECONDS });
  return value;
};

/** Forgets cached values (after a write in this process, and in tests). */
export const clearSettingsCache = (): void => cache.clear();

/** Stores a validated value; the write is conditional on the version read (or on absence). */
export const writeSetting = (
  uow: UnitOfWork,
  name: string,
  value: unknown,
  current: StoredSetting | undefined,
): StoredSetting => {
  const meta = current ? nextRecordMeta(current) : newRecordMeta();
  const stored: StoredSetting = { ...meta, name, value };
  const item = { ...settingKey(name), entity: 'setting', ...stored };
  if (current) uow.replace(item, current.version, staleVersion('setting', current.version));
  else
    uow.create(item, () => conflict(`Setting ${name} was just created by someone else; read it and retry.`));
  cache.delete(name);
  return stored;
};
