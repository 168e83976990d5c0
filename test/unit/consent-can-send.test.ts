import { describe, expect, it } from 'vitest';
import { decideSend } from '#shared/consent/can-send.ts';

const base = {
  email: 'a@example.com',
  emailConsent: undefined,
  purposeConsent: { status: 'granted' as const },
  suppressions: [],
};

describe('canSend rules (decideSend)', () => {
  it.each([
    ['marketing, granted, not suppressed', { kind: 'marketing', purpose: 'newsletter' }, { allowed: true }],
    [
      'marketing without purpose',
      { kind: 'marketing', purpose: undefined },
      { allowed: false, reason: 'no_consent' },
    ],
    [
      'marketing, consent pending (double opt-in not confirmed)',
      { kind: 'marketing', purpose: 'newsletter', purposeConsent: { status: 'pending' } },
      { allowed: false, reason: 'no_consent' },
    ],
    [
      'marketing, consent revoked',
      { kind: 'marketing', purpose: 'newsletter', purposeConsent: { status: 'revoked' } },
      { allowed: false, reason: 'no_consent' },
    ],
    [
      'marketing, no consent record',
      { kind: 'marketing', purpose: 'newsletter', purposeConsent: undefined },
      { allowed: false, reason: 'no_consent' },
    ],
    [
      'marketing, unsubscribed from this purpose',
      {
        kind: 'marketing',
        purpose: 'newsletter',
        suppressions: [{ reason: 'unsubscribe', purpose: 'newsletter' }],
      },
      { allowed: false, reason: 'suppressed' },
    ],
    [
      'marketing, unsubscribed from another purpose only',
      {
        kind: 'marketing',
        purpose: 'marketing',
        suppressions: [{ reason: 'unsubscribe', purpose: 'newsletter' }],
      },
      { allowed: true },
    ],
    [
      'marketing, unsubscribed from everything',
      { kind: 'marketing', purpose: 'marketing', suppressions: [{ reason: 'unsubscribe', purpose: null }] },
      { allowed: false, reason: 'suppressed' },
    ],
    [
      'marketing, manual suppression',
      { kind: 'marketing', purpose: 'newsletter', suppressions: [{ reason: 'manual', purpose: null }] },
      { allowed: false, reason: 'suppressed' },
    ],
    [
      'marketing, email channel consent revoked',
      { kind: 'marketing', purpose: 'newsletter', emailConsent: { status: 'revoked' } },
      { allowed: false, reason: 'email_consent_revoked' },
    ],
    [
      'transactional, no consent at all',
      { kind: 'transactional', purposeConsent: undefined },
      { allowed: true },
    ],
    [
      'transactional, unsubscribed from marketing',
      { kind: 'transactional', suppressions: [{ reason: 'unsubscribe', purpose: null }] },
      { allowed: true },
    ],
    [
      'transactional, manual suppression',
      { kind: 'transactional', suppressions: [{ reason: 'manual', purpose: null }] },
      { allowed: true },
    ],
    [
      'transactional, hard bounce',
      { kind: 'transactional', suppressions: [{ reason: 'hard_bounce', purpose: null }] },
      { allowed: false, reason: 'suppressed' },
    ],
    [
      'transactional, complaint',
      { kind: 'transactional', suppressions: [{ reason: 'complaint', purpose: null }] },
      { allowed: false, reason: 'suppressed' },
    ],
    [
      'transactional, email consent revoked',
      { kind: 'transactional', emailConsent: { status: 'revoked' } },
      { allowed: false, reason: 'email_consent_revoked' },
    ],
    ['no address', { kind: 'transactional', email: undefined }, { allowed: false, reason: 'no_address' }],
  ] as const)('%s', (_name, overrides, expected) => {
    expect(decideSend({ ...base, ...overrides } as Parameters<typeof decideSend>[0])).toEqual(expected);
  });
});
