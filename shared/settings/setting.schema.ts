import * as z from 'zod';
import { recordMeta } from '#shared/platform/http/schemas.ts';

export const settingParams = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'Unknown setting.'),
});

export const settingSchema = z.strictObject({
  name: z.string(),
  description: z.string(),
  /** The value in force: the stored one, or the defaults when nothing is stored. */
  value: z.unknown(),
  defaults: z.unknown(),
  /** Record meta of the stored value; absent while the defaults apply. */
  stored: z.strictObject(recordMeta).nullable(),
});
export type Setting = z.infer<typeof settingSchema>;

export const settingList = z.strictObject({ items: z.array(settingSchema) });

/** The new value; validated against the setting's own schema by the service. */
export const putSettingBody = z.strictObject({ value: z.unknown() });
