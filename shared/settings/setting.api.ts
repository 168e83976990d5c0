import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { READERS } from '#shared/platform/roles.ts';
import { putSettingBody, settingList, settingParams, settingSchema } from './setting.schema.ts';

/** Configuration (scoring rules, stages, thresholds): everyone reads, admins change. */
export const settingsApi = defineFeatureApi({
  functionName: 'settings',
  operations: {
    listSettings: defineOperation({
      method: 'GET',
      path: '/v1/settings',
      summary: 'All settings with the values in force and their defaults.',
      tag: 'settings',
      access: { roles: READERS },
      response: settingList,
      status: 200,
    }),
    getSetting: defineOperation({
      method: 'GET',
      path: '/v1/settings/{name}',
      summary: 'One setting: the value in force, its defaults and the stored version.',
      tag: 'settings',
      access: { roles: READERS },
      params: settingParams,
      response: settingSchema,
      status: 200,
    }),
    putSetting: defineOperation({
      method: 'PUT',
      path: '/v1/settings/{name}',
      summary: "Replace a setting's value (validated against the setting's schema); honours If-Match.",
      tag: 'settings',
      access: { roles: ['admin'] },
      params: settingParams,
      body: putSettingBody,
      response: settingSchema,
      status: 200,
    }),
  },
});
