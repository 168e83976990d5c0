import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type * as z from 'zod';
import { env } from './env.ts';

/**
 * Signed links in general (the survey token's approach, generalised): `<base64url(JSON)>.<base64url(HMAC-SHA256)>`,
 * the HMAC taken over `<audience>.<payload>` so a token of one kind is never accepted as another.
 */
const mac = (secret: string, audience: string, payload: string): Buffer =>
  createHmac('sha256', secret).update(`${audience}.${payload}`, 'utf8').digest();

/** Signs `claims` (ids and expiry only, nothing personal: links end up in mail logs and browser history). */
export const signToken = (secret: string, audience: string, claims: Record<string, unknown>): string => {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, audience, payload).toString('base64url')}`;
};

/** The claims of a token signed for `audience` that match `schema`; undefined when forged or malformed. */
export const verifyToken = <S extends z.ZodType>(
  secret: string,
  audience: string,
  token: string,
  schema: S,
): z.infer<S> | undefined => {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const expected = mac(secret, audience, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** A keyed hash (HMAC-SHA256, hex) of a value that must be provable later but not stored (e.g. an IP). */
export const keyedHash = (secret: string, value: string): string =>
  createHmac('sha256', secret).update(`hash.${value}`, 'utf8').digest('hex');

/** The local secret under the data directory: 32 random bytes, created on first use (mode 0600). */
const localSecret = (dataDir: string, fileName: string): string => {
  const path = join(dataDir, fileName);
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw error;
  }
  return secret;
};

const SECRET_CACHE_MS = 5 * 60 * 1000;
let secretsClient: SecretsManagerClient | undefined;
const cache = new Map<string, { value: string; until: number }>();

/**
 * A named HMAC secret: `<PREFIX>` (tests, a fixed value), the Secrets Manager secret named by
 * `<PREFIX>_ID` (AWS), or the file `<fileName>` in `FRONTOFFICE_DATA_DIR` (local).
 */
export const namedSecret = async (
  spec: { envPrefix: string; fileName: string },
  source: NodeJS.ProcessEnv = process.env,
): Promise<string> => {
  const direct = source[spec.envPrefix]?.trim();
  if (direct) return direct;
  const secretId = source[`${spec.envPrefix}_ID`]?.trim();
  if (!secretId) {
    const dataDir = source.FRONTOFFICE_DATA_DIR?.trim();
    if (dataDir) return localSecret(dataDir, spec.fileName);
    throw new Error(`Neither ${spec.envPrefix}, ${spec.envPrefix}_ID nor FRONTOFFICE_DATA_DIR is set.`);
  }
  const cached = cache.get(secretId);
  if (cached && cached.until > Date.now()) return cached.value;
  secretsClient ??= new SecretsManagerClient({ region: env.region });
  const result = await secretsClient.send(new GetSecretValueCommand({ SecretId: secretId }));
  const value = result.SecretString?.trim();
  if (!value) throw new Error(`The secret ${secretId} is empty.`);
  cache.set(secretId, { value, until: Date.now() + SECRET_CACHE_MS });
  return value;
};
