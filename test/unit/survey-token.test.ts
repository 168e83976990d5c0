import { describe, expect, it } from 'vitest';
import { signSurveyToken, verifySurveyToken } from '#shared/surveys/survey-token.ts';

const SECRET = 'unit-secret-unit-secret-unit-secret-1234';
const NOW = new Date('2026-11-23T10:00:00Z');

describe('survey tokens', () => {
  it('round-trips ticket and survey id, with an expiry 30 days out', () => {
    const token = signSurveyToken(SECRET, { ticketId: 'T1', surveyId: 'S1' }, NOW);
    const claims = verifySurveyToken(SECRET, token, NOW);
    expect(claims).toMatchObject({ ticketId: 'T1', surveyId: 'S1' });
    expect(claims.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + 30 * 86_400);
  });

  it('refuses another secret, a changed payload and garbage as 401', () => {
    const token = signSurveyToken(SECRET, { ticketId: 'T1', surveyId: 'S1' }, NOW);
    const [, signature] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ v: 1, t: 'T2', s: 'S1', e: 9_999_999_999 })).toString(
      'base64url',
    );
    for (const bad of [
      signSurveyToken('another-secret-another-secret-another', { ticketId: 'T1', surveyId: 'S1' }, NOW),
      `${otherPayload}.${signature}`,
      'abc.def',
      'no-dot',
    ]) {
      expect(() => verifySurveyToken(SECRET, bad, NOW)).toThrow(expect.objectContaining({ status: 401 }));
    }
  });

  it('refuses an expired token as 404', () => {
    const token = signSurveyToken(SECRET, { ticketId: 'T1', surveyId: 'S1' }, NOW);
    const later = new Date(NOW.getTime() + 31 * 86_400_000);
    expect(() => verifySurveyToken(SECRET, token, later)).toThrow(expect.objectContaining({ status: 404 }));
  });
});
