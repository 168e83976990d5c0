import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { clock, epochSeconds } from '#shared/platform/clock.ts';
import { env } from '#shared/platform/env.ts';
import { AppError } from '#shared/platform/errors.ts';

/** How long a survey link works. */
export const SURVEY_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  /** Ticket id. */
  t: z.string().min(1).max(64),
  /** Survey id (one per resolution). */
  s: z.string().min(1).max(64),
  /** Expiry, epoch seconds. */
  e: z.number().int().positive(),
});

export type SurveyClaims = { ticketId: string; surveyId: string; expiresAt: number };

const sign = (secret: string, payload: string): Buffer =>
  createHmac('sha256', secret).update(`survey.${payload}`, 'utf8').digest();

/** `<base64url(payload)>.<base64url(HMAC-SHA256)>`: carries ticket, survey and expiry, nothing personal. */
export const signSurveyToken = (
  secret: string,
  claims: { ticketId: string; surveyId: string },
  now: Date = clock.now(),
): string => {
  const payload = Buffer.from(
    JSON.stringify({
      v: 1,
      t: claims.ticketId,
      s: claims.surveyId,
      e: epochSeconds(now) + SURVEY_TOKEN_TTL_SECONDS,
    }),
  ).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
};

/**
 * Verifies a survey token: a wrong signature or shape is 401 (forged), a passed expiry 404 (the
 * survey is gone). Single use is not decided here but by the answer's conditional claim.
 */
export const verifySurveyToken = (secret: string, token: string, now: Date = clock.now()): SurveyClaims => {
  const [payload, signature, ...rest] = token.split('.');
  const forged = new AppError('unauthorized', 'The survey link is not valid.');
  if (!payload || !signature || rest.length > 0) throw forged;
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forged;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw forged;
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) throw forged;
  if (parsed.data.e <= epochSeconds(now)) throw new AppError('not-found', 'The survey link has expired.');
  return { ticketId: parsed.data.t, surveyId: parsed.data.s, expiresAt: parsed.data.e };
};

const SECRET_FILE = 'survey-token-secret';
const SECRET_CACHE_MS = 5 * 60 * 1000;
let secretsClient: SecretsManagerClient | undefined;
let cached: { value: string; until: number } | undefined;

/** The local secret under the data directory: 32 random bytes, created on first use (mode 0600). */
const localSecret = (dataDir: string): string => {
  const path = join(dataDir, SECRET_FILE);
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
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw error;
  }
  return secret;
};

/**
 * The HMAC secret of survey links: `SURVEY_TOKEN_SECRET` (tests, a fixed local value), the Secrets
 * Manager secret named by `SURVEY_TOKEN_SECRET_ID` (AWS), or a file in `FRONTOFFICE_DATA_DIR` (local).
 */
export const surveyTokenSecret = async (source: NodeJS.ProcessEnv = process.env): Promise<string> => {
  const direct = source.SURVEY_TOKEN_SECRET?.trim();
  if (direct) return direct;
  const secretId = source.SURVEY_TOKEN_SECRET_ID?.trim();
  if (!secretId) {
    const dataDir = source.FRONTOFFICE_DATA_DIR?.trim();
    if (dataDir) return localSecret(dataDir);
    throw new Error('Neither SURVEY_TOKEN_SECRET, SURVEY_TOKEN_SECRET_ID nor FRONTOFFICE_DATA_DIR is set.');
  }
  if (cached && cached.until > Date.now()) return cached.value;
  secretsClient ??= new SecretsManagerClient({ region: env.region });
  const result = await secretsClient.send(new GetSecretValueCommand({ SecretId: secretId }));
  const value = result.SecretString?.trim();
  if (!value) throw new Error(`The secret ${secretId} is empty.`);
  cached = { value, until: Date.now() + SECRET_CACHE_MS };
  return value;
};
