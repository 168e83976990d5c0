import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the callback signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const ERP_SIGNATURE_HEADER = 'x-frontoffice-signature';

/** Callbacks older (or further in the future) than this are refused: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

const hmac = (secret: string, timestamp: number, rawBody: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');

/** The header value for a body signed at `timestamp` (unix seconds). The ERP (and the simulator) send this. */
export const signErpPayload = (secret: string, timestamp: number, rawBody: string): string =>
  `t=${timestamp},v1=${hmac(secret, timestamp, rawBody)}`;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks a callback signature over `<timestamp>.<raw body>`: present, well formed, fresh (within
 * the tolerance either way) and equal to our HMAC, compared in constant time.
 */
export const verifyErpSignature = (
  header: string | undefined,
  rawBody: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck => {
  if (!header) return { ok: false, reason: 'The callback carries no signature.' };
  const parts = new Map<string, string[]>();
  for (const part of header.split(',')) {
    const [name, ...rest] = part.trim().split('=');
    if (!name || rest.length === 0) continue;
    parts.set(name, [...(parts.get(name) ?? []), rest.join('=')]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  const signatures = parts.get('v1') ?? [];
  if (!Number.isInteger(timestamp) || signatures.length === 0) {
    return { ok: false, reason: 'The signature header is malformed.' };
  }
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'The signature timestamp is outside the accepted window.' };
  }
  const expected = Buffer.from(hmac(secret, timestamp, rawBody), 'hex');
  // Several v1 values are allowed, so the ERP can sign with an old and a new secret while rotating.
  const matches = signatures.some((signature) => {
    if (!/^[0-9a-f]+$/i.test(signature)) return false;
    const given = Buffer.from(signature, 'hex');
    return given.byteLength === expected.byteLength && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'The signature does not match.' };
};
