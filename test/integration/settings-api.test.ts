import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { defineSetting } from '#shared/platform/settings.ts';

// A setting of a test feature, registered as a feature would in shared/settings-catalog.ts.
vi.mock('#shared/settings-catalog.ts', () => ({
  settingsCatalog: [
    defineSetting({
      name: 'test-threshold',
      description: 'A threshold for the test',
      schema: z.strictObject({ threshold: z.number().int().min(0).max(100) }),
      defaults: { threshold: 50 },
    }),
  ],
}));

const { invoke } = await import('../support/invoke.ts');

describe('settings API', () => {
  it('serves the defaults until an admin stores a validated value, then the stored one', async () => {
    const initial = await invoke('GET', '/v1/settings/test-threshold', { role: 'analyst' });
    expect(initial.json).toMatchObject({
      value: { threshold: 50 },
      defaults: { threshold: 50 },
      stored: null,
    });

    const invalid = await invoke('PUT', '/v1/settings/test-threshold', {
      body: { value: { threshold: 500 } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.errors[0].path).toBe('value.threshold');

    const bySales = await invoke('PUT', '/v1/settings/test-threshold', {
      body: { value: { threshold: 60 } },
      role: 'sales',
    });
    expect(bySales.status).toBe(403);

    const stored = await invoke('PUT', '/v1/settings/test-threshold', { body: { value: { threshold: 60 } } });
    expect(stored.status).toBe(200);
    expect(stored.headers.etag).toBe('"1"');
    expect((await invoke('GET', '/v1/settings/test-threshold')).json.value).toEqual({ threshold: 60 });

    const stale = await invoke('PUT', '/v1/settings/test-threshold', {
      body: { value: { threshold: 70 } },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    expect((await invoke('GET', '/v1/settings/unknown-thing')).status).toBe(404);
  });
});
