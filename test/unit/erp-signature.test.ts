import { describe, expect, it } from 'vitest';
import { backoffDelay } from '#shared/erp/erp-client.ts';
import { signErpPayload, verifyErpSignature } from '#shared/erp/erp-signature.ts';

const SECRET = 'shared-secret';
const BODY = '{"type":"invoice","eventId":"e1"}';
const NOW = 1_780_000_000;

describe('ERP callback signature', () => {
  it('accepts its own signature within the window', () => {
    expect(verifyErpSignature(signErpPayload(SECRET, NOW, BODY), BODY, SECRET, NOW + 299)).toEqual({
      ok: true,
    });
  });

  it('refuses another secret, another body, a stale or future timestamp, and malformed headers', () => {
    const valid = signErpPayload(SECRET, NOW, BODY);
    expect(verifyErpSignature(signErpPayload('other', NOW, BODY), BODY, SECRET, NOW).ok).toBe(false);
    expect(verifyErpSignature(valid, `${BODY} `, SECRET, NOW).ok).toBe(false);
    expect(verifyErpSignature(valid, BODY, SECRET, NOW + 301).ok).toBe(false);
    expect(verifyErpSignature(valid, BODY, SECRET, NOW - 301).ok).toBe(false);
    for (const header of [
      undefined,
      '',
      'v1=abc',
      `t=${NOW}`,
      `t=soon,v1=${'a'.repeat(64)}`,
      `t=${NOW},v1=zz`,
    ]) {
      expect(verifyErpSignature(header, BODY, SECRET, NOW).ok, String(header)).toBe(false);
    }
  });

  it('accepts any one of several v1 values (secret rotation)', () => {
    const rotated = `${signErpPayload('old', NOW, BODY)},v1=${signErpPayload(SECRET, NOW, BODY).split('v1=')[1]}`;
    expect(verifyErpSignature(rotated, BODY, SECRET, NOW).ok).toBe(true);
  });
});

describe('ERP retry backoff', () => {
  it('grows exponentially with full jitter', () => {
    expect(backoffDelay(1, 100, () => 1)).toBe(200);
    expect(backoffDelay(3, 100, () => 1)).toBe(800);
    expect(backoffDelay(3, 100, () => 0)).toBe(0);
    expect(backoffDelay(2, 100, () => 0.5)).toBe(200);
  });
});
