/** Where a deployment runs: `dev`, `prod`, or a personal stage like `jane`. */
export type StageConfig = {
  stage: string;
  /** Stage-level throttling of the HTTP API: the global ceiling above the per-client limits. */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** Retention of Lambda and access logs, in days. */
  logRetentionDays: 30 | 90 | 365;
};

const STAGE_PATTERN = /^[a-z][a-z0-9-]{1,11}$/;

/**
 * Validates the stage from `-c stage=<name>`. It becomes part of every physical name
 * (`frontoffice-<stage>-<name>`), so it is short, lower case and DNS-safe.
 */
export const parseStage = (value: unknown): StageConfig => {
  if (typeof value !== 'string' || !STAGE_PATTERN.test(value)) {
    throw new Error(
      `Invalid stage ${JSON.stringify(value)}: pass -c stage=<name>, 2-12 characters of a-z, 0-9 and "-", starting with a letter.`,
    );
  }
  const prod = value === 'prod';
  return {
    stage: value,
    apiThrottle: prod ? { rateLimit: 200, burstLimit: 400 } : { rateLimit: 50, burstLimit: 100 },
    logRetentionDays: prod ? 90 : 30,
  };
};

/** Physical name of a resource: `frontoffice-<stage>-<name>`. */
export const physicalName = (stage: string, name: string): string => `frontoffice-${stage}-${name}`;
