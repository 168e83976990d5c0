import * as z from 'zod';
import { clock, epochSeconds } from '#shared/platform/clock.ts';
import { AppError } from '#shared/platform/errors.ts';
import { keyedHash, namedSecret, signToken, verifyToken } from '#shared/platform/signed-token.ts';
import { CONSENT_PURPOSES, type ConsentPurpose } from './consent.schema.ts';

/** How long a double opt-in confirmation link works. */
export const CONFIRM_TOKEN_TTL_SECONDS = 7 * 24 * 3600;

/**
 * `CONSENT_TOKEN_SECRET` (tests), the Secrets Manager secret named by `CONSENT_TOKEN_SECRET_ID`
 * (AWS), or `consent-token-secret` in `FRONTOFFICE_DATA_DIR` (local).
 */
export const consentTokenSecret = (source: NodeJS.ProcessEnv = process.env): Promise<string> =>
  namedSecret({ envPrefix: 'CONSENT_TOKEN_SECRET', fileName: 'consent-token-secret' }, source);

const confirmClaims = z.strictObject({
  v: z.literal(1),
  c: z.string().min(1).max(64),
  u: z.enum(CONSENT_PURPOSES),
  /** The pending sign-up this link confirms (single use: it must still be pending with this nonce). */
  n: z.string().min(1).max(64),
  e: z.number().int().positive(),
});

const unsubscribeClaims = z.strictObject({
  v: z.literal(1),
  c: z.string().min(1).max(64),
  u: z.enum(CONSENT_PURPOSES),
  /** The campaign whose mail carried the link, so its unsubscribes are counted. */
  m: z.string().min(1).max(64).optional(),
});

export const signConfirmToken = (
  secret: string,
  claims: { contactId: string; purpose: ConsentPurpose; nonce: string },
  now: Date = clock.now(),
): string =>
  signToken(secret, 'consent-confirm', {
    v: 1,
    c: claims.contactId,
    u: claims.purpose,
    n: claims.nonce,
    e: epochSeconds(now) + CONFIRM_TOKEN_TTL_SECONDS,
  });

/** 401 when forged, 404 when expired. */
export const verifyConfirmToken = (secret: string, token: string, now: Date = clock.now()) => {
  const claims = verifyToken(secret, 'consent-confirm', token, confirmClaims);
  if (!claims) throw new AppError('unauthorized', 'The confirmation link is not valid.');
  if (claims.e <= epochSeconds(now)) throw new AppError('not-found', 'The confirmation link has expired.');
  return { contactId: claims.c, purpose: claims.u, nonce: claims.n };
};

/** Unsubscribe links do not expire: withdrawing must work from any old mail. */
export const signUnsubscribeToken = (
  secret: string,
  claims: { contactId: string; purpose: ConsentPurpose; campaignId?: string | undefined },
): string =>
  signToken(secret, 'consent-unsubscribe', {
    v: 1,
    c: claims.contactId,
    u: claims.purpose,
    ...(claims.campaignId ? { m: claims.campaignId } : {}),
  });

export const verifyUnsubscribeToken = (secret: string, token: string) => {
  const claims = verifyToken(secret, 'consent-unsubscribe', token, unsubscribeClaims);
  if (!claims) throw new AppError('unauthorized', 'The unsubscribe link is not valid.');
  return { contactId: claims.c, purpose: claims.u, campaignId: claims.m };
};

/** The client address as stored for consent proof: keyed hash, never the address (docs/consent.md). */
export const ipProof = (secret: string, ip: string | undefined): string | null =>
  ip ? keyedHash(secret, ip) : null;
