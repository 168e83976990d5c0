import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { settingsApi } from '#shared/settings/setting.api.ts';
import { getSetting, listSettings, putSetting } from '#shared/settings/setting.service.ts';

/** Lambda entry for /v1/settings. */
export const { handle, handler } = createHttpHandler(settingsApi, {
  listSettings: async () => ({ body: { items: await listSettings() } }),
  getSetting: async ({ params }) => {
    const setting = await getSetting(params.name);
    return { body: setting, ...(setting.stored ? { version: setting.stored.version } : {}) };
  },
  putSetting: async ({ params, body, ifMatch, uow }) => {
    const setting = await putSetting(params.name, body.value, ifMatch, uow);
    return { body: setting, ...(setting.stored ? { version: setting.stored.version } : {}) };
  },
});
