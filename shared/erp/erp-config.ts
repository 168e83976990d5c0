import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { env } from '#shared/platform/env.ts';
import { AppError } from '#shared/platform/errors.ts';

/** How the connector talks to the ERP; read per call so tests and the local runtime can point it elsewhere. */
export type ErpSettings = {
  /** Base URL of the ERP (`POST {url}/orders`); locally the built-in simulator's. */
  url: string | undefined;
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Attempts per order within one invocation (the queue retries after that). */
  attempts: number;
  /** Base of the exponential backoff between attempts, in milliseconds. */
  backoffBaseMs: number;
};

const positiveInt = (value: string | undefined, fallback: number): number => {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

export const erpSettings = (source: NodeJS.ProcessEnv = process.env): ErpSettings => ({
  url: source.ERP_URL?.trim() || undefined,
  timeoutMs: positiveInt(source.ERP_TIMEOUT_MS, 2000),
  attempts: positiveInt(source.ERP_ATTEMPTS, 3),
  backoffBaseMs: positiveInt(source.ERP_BACKOFF_BASE_MS, 100),
});

// On AWS the secret lives in Secrets Manager (ERP_CALLBACK_SECRET_ID); a warm function keeps it
// for five minutes, so a rotation takes effect without a deployment.
const SECRET_CACHE_MS = 5 * 60 * 1000;
let secretsClient: SecretsManagerClient | undefined;
let cached: { value: string; until: number } | undefined;

/**
 * The shared secret of the ERP callbacks: `ERP_CALLBACK_SECRET` (local runtime, tests) or the
 * Secrets Manager secret named by `ERP_CALLBACK_SECRET_ID`.
 */
export const erpCallbackSecret = async (source: NodeJS.ProcessEnv = process.env): Promise<string> => {
  const direct = source.ERP_CALLBACK_SECRET?.trim();
  if (direct) return direct;
  const secretId = source.ERP_CALLBACK_SECRET_ID?.trim();
  if (!secretId) throw new Error('Neither ERP_CALLBACK_SECRET nor ERP_CALLBACK_SECRET_ID is set.');
  if (cached && cached.until > Date.now()) return cached.value;
  secretsClient ??= new SecretsManagerClient({ region: env.region });
  const result = await secretsClient.send(new GetSecretValueCommand({ SecretId: secretId }));
  const value = result.SecretString?.trim();
  if (!value) throw new AppError('unauthorized', 'Callbacks cannot be verified right now.');
  cached = { value, until: Date.now() + SECRET_CACHE_MS };
  return value;
};
