import * as z from 'zod';
import { clock, epochSeconds } from '#shared/platform/clock.ts';
import { AppError } from '#shared/platform/errors.ts';
import { namedSecret, signToken, verifyToken } from '#shared/platform/signed-token.ts';

/** How long a survey link works. */
export const SURVEY_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

const AUDIENCE = 'survey';

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

/** A signed link token that carries ticket, survey and expiry, nothing personal. */
export const signSurveyToken = (
  secret: string,
  claims: { ticketId: string; surveyId: string },
  now: Date = clock.now(),
): string =>
  signToken(secret, AUDIENCE, {
    v: 1,
    t: claims.ticketId,
    s: claims.surveyId,
    e: epochSeconds(now) + SURVEY_TOKEN_TTL_SECONDS,
  });

/**
 * Verifies a survey token: a wrong signature or shape is 401 (forged), a passed expiry 404 (the
 * survey is gone). Single use is not decided here but by the answer's conditional claim.
 */
export const verifySurveyToken = (secret: string, token: string, now: Date = clock.now()): SurveyClaims => {
  const claims = verifyToken(secret, AUDIENCE, token, payloadSchema);
  if (!claims) throw new AppError('unauthorized', 'The survey link is not valid.');
  if (claims.e <= epochSeconds(now)) throw new AppError('not-found', 'The survey link has expired.');
  return { ticketId: claims.t, surveyId: claims.s, expiresAt: claims.e };
};

/**
 * The HMAC secret of survey links: `SURVEY_TOKEN_SECRET` (tests, a fixed local value), the Secrets
 * Manager secret named by `SURVEY_TOKEN_SECRET_ID` (AWS), or a file in `FRONTOFFICE_DATA_DIR` (local).
 */
export const surveyTokenSecret = (source: NodeJS.ProcessEnv = process.env): Promise<string> =>
  namedSecret({ envPrefix: 'SURVEY_TOKEN_SECRET', fileName: 'survey-token-secret' }, source);
