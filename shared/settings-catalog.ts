import type { SettingDefinition } from '#shared/platform/settings.ts';

/**
 * Every setting an admin may change through `/v1/settings/{name}`. A feature declares its settings
 * in `shared/<feature>/*.settings.ts` and adds them here.
 */
export const settingsCatalog: readonly SettingDefinition[] = [];
