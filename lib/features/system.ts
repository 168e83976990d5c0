import { defineFeature } from './feature.ts';

/**
 * Health, the OpenAPI document and the `$default` 404/405 answers: public, not rate-limited (the
 * stage throttle caps them), so the function needs no table access at all.
 */
export const systemFeature = defineFeature({
  functionName: 'system',
  description: 'Front Office system: health, OpenAPI document, 404/405 fallback',
  memorySize: 256,
  wire: () => {
    // Nothing to bind: no table, no bus.
  },
});
