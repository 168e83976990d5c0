import { assertVersion } from '#shared/platform/db/record.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { notFound } from '#shared/platform/errors.ts';
import { parseWith } from '#shared/platform/http/request.ts';
import {
  findStoredSetting,
  type SettingDefinition,
  type StoredSetting,
  writeSetting,
} from '#shared/platform/settings.ts';
import { settingsCatalog } from '#shared/settings-catalog.ts';
import { settingChanged } from './setting.events.ts';
import type { Setting } from './setting.schema.ts';

const definitionOf = (name: string): SettingDefinition => {
  const definition = settingsCatalog.find((candidate) => candidate.name === name);
  if (!definition) throw notFound('Setting', name);
  return definition;
};

const view = (definition: SettingDefinition, value: unknown, stored: StoredSetting | undefined): Setting => ({
  name: definition.name,
  description: definition.description,
  value,
  defaults: definition.defaults,
  stored: stored
    ? { id: stored.id, createdAt: stored.createdAt, updatedAt: stored.updatedAt, version: stored.version }
    : null,
});

/** The value in force (as `readSetting` decides it), from the one read of the stored setting. */
const valueInForce = (definition: SettingDefinition, stored: StoredSetting | undefined): unknown => {
  const parsed = stored ? definition.schema.safeParse(stored.value) : undefined;
  return parsed?.success ? parsed.data : definition.defaults;
};

export const getSetting = async (name: string): Promise<Setting> => {
  const definition = definitionOf(name);
  const stored = await findStoredSetting(name);
  return view(definition, valueInForce(definition, stored), stored);
};

export const listSettings = async (): Promise<Setting[]> =>
  Promise.all(settingsCatalog.map((definition) => getSetting(definition.name)));

/** Replaces a setting's value after checking it against the setting's own schema. */
export const putSetting = async (
  name: string,
  value: unknown,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Setting> => {
  const definition = definitionOf(name);
  const parsed = parseWith(definition.schema, value, 'value');
  const current = await findStoredSetting(name);
  if (current) assertVersion(current, ifMatch);
  const stored = writeSetting(uow, name, parsed, current);
  uow.emit(settingChanged, name, { name, version: stored.version });
  return view(definition, parsed, stored);
};
