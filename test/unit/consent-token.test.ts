import { describe, expect, it } from 'vitest';
import {
  CONFIRM_TOKEN_TTL_SECONDS,
  signConfirmToken,
  signUnsubscribeToken,
  verifyConfirmToken,
  verifyUnsubscribeToken,
} from '#shared/consent/consent-token.ts';

const SECRET = 'unit-consent-secret-0123456789abcdef';
const claims = { contactId: '01JCONTACT0000000000000000', purpose: 'newsletter' as const, nonce: 'n1' };

describe('consent tokens', () => {
  it('round-trips a confirmation token and refuses another secret, another kind and expiry', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    const token = signConfirmToken(SECRET, claims, now);
    expect(verifyConfirmToken(SECRET, token, now)).toEqual(claims);
    expect(() => verifyConfirmToken('another-secret-0123456789abcdef', token, now)).toThrow(/not valid/);
    expect(() => verifyUnsubscribeToken(SECRET, token)).toThrow(/not valid/);
    const later = new Date(now.getTime() + (CONFIRM_TOKEN_TTL_SECONDS + 1) * 1000);
    expect(() => verifyConfirmToken(SECRET, token, later)).toThrow(/expired/);
  });

  it('carries no personal data and an unsubscribe token is not a confirmation token', () => {
    const token = signUnsubscribeToken(SECRET, claims);
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({
      contactId: claims.contactId,
      purpose: 'newsletter',
    });
    expect(() => verifyConfirmToken(SECRET, token)).toThrow(/not valid/);
    expect(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).not.toContain('@');
  });
});
