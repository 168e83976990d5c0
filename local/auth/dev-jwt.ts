import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { isRole, ROLES, type Role } from '#shared/platform/roles.ts';
import { UserFacingError } from '../config.ts';

/** Claims of a dev token; the shape of a Cognito access token as far as the API reads it. */
export const DEV_JWT_ISSUER = 'frontoffice-local';
export const DEV_JWT_AUDIENCE = 'frontoffice';
export const DEV_JWT_TTL = '12h';
const SECRET_FILE = 'dev-jwt-secret';

export type DevClaims = JWTPayload & { sub: string; 'cognito:groups': string[]; token_use: string };

/** Path of the HS256 secret inside a data directory. */
export const secretPath = (dataDir: string): string => join(dataDir, SECRET_FILE);

/**
 * The instance's signing secret: 32 random bytes created on first use (mode 0600), so tokens of one
 * data directory are never accepted by another and no secret lives in the code.
 */
export const loadOrCreateSecret = (dataDir: string): Uint8Array => {
  const path = secretPath(dataDir);
  try {
    const existing = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64url');
    if (existing.byteLength >= 32) return new Uint8Array(existing);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserFacingError(
        `The dev JWT secret ${path} is unreadable: fix its permissions or delete it to create a new one.`,
      );
    }
  }
  const secret = randomBytes(32);
  try {
    mkdirSync(dirname(path), { recursive: true });
    // `wx` fails when a concurrent first use won the race; its secret is then the one to read.
    writeFileSync(path, `${secret.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSecret(dataDir);
    throw new UserFacingError(
      `Cannot write the dev JWT secret to ${path}: make ${dirname(path)} writable or set FRONTOFFICE_DATA_DIR.`,
    );
  }
  return new Uint8Array(secret);
};

/** Validates a role name from the command line; the error names the valid ones. */
export const parseRole = (value: string | undefined): Role => {
  if (value && isRole(value)) return value;
  throw new UserFacingError(
    `${value ? `Unknown role "${value}"` : 'A role is needed'}: use --role with one of ${ROLES.join(', ')}.`,
  );
};

/** Signs a dev access token for a role (`sub` defaults to `dev-<role>`), valid for 12 hours. */
export const signDevToken = async (
  secret: Uint8Array,
  options: { role: Role; sub?: string | undefined; expiresIn?: string | number },
): Promise<string> =>
  new SignJWT({ 'cognito:groups': [options.role], token_use: 'access', scope: 'frontoffice/api' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(DEV_JWT_ISSUER)
    .setAudience(DEV_JWT_AUDIENCE)
    .setSubject(options.sub?.trim() || `dev-${options.role}`)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? DEV_JWT_TTL)
    .sign(secret);

/** Why a token was refused, for the 401 detail. */
export type TokenCheck = { ok: true; claims: DevClaims } | { ok: false; reason: string };

/** How many verified tokens the verifier remembers (a handful of dev users, a few test clients). */
const VERIFIED_CACHE_SIZE = 1000;

/**
 * Verifies like API Gateway's JWT authorizer: signature, issuer, audience, expiry. A token that
 * passed is remembered until it expires, so repeated calls with the same token cost a map look-up
 * instead of a WebCrypto round trip; expiry is still checked on every call.
 */
export const createTokenVerifier = (secret: Uint8Array) => {
  const verified = new Map<string, DevClaims>();
  return async (token: string): Promise<TokenCheck> => {
    const known = verified.get(token);
    if (known && typeof known.exp === 'number' && known.exp * 1000 > Date.now())
      return { ok: true, claims: known };
    verified.delete(token);
    try {
      const { payload } = await jwtVerify(token, secret, {
        issuer: DEV_JWT_ISSUER,
        audience: DEV_JWT_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'exp'],
      });
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
      verified.set(token, payload as DevClaims);
      return { ok: true, claims: payload as DevClaims };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'The bearer token has expired.' };
      return { ok: false, reason: 'The bearer token is not valid.' };
    }
  };
};

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
