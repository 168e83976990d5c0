import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createTokenVerifier,
  loadOrCreateSecret,
  parseRole,
  secretPath,
  signDevToken,
} from '#local/auth/dev-jwt.ts';
import { UserFacingError } from '#local/config.ts';

const tempDir = () => mkdtempSync(join(tmpdir(), 'fo-jwt-'));

describe('dev JWT', () => {
  it('creates the secret once, with mode 0600, and reuses it', () => {
    // Prepare
    const dir = join(tempDir(), 'nested');
    // Act
    const first = loadOrCreateSecret(dir);
    const second = loadOrCreateSecret(dir);
    // Assess
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(first.byteLength).toBe(32);
    expect(statSync(secretPath(dir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretPath(dir), 'utf8')).not.toContain('\0');
  });

  it('signs Cognito-shaped access tokens that the verifier accepts', async () => {
    const secret = loadOrCreateSecret(tempDir());
    const token = await signDevToken(secret, { role: 'sales' });

    const check = await createTokenVerifier(secret)(token);

    expect(token.split('.')).toHaveLength(3);
    expect(check.ok).toBe(true);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: 'frontoffice-local',
      aud: 'frontoffice',
      sub: 'dev-sales',
      'cognito:groups': ['sales'],
      token_use: 'access',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(12 * 3600);
  });

  it('takes the subject from --sub', async () => {
    const secret = loadOrCreateSecret(tempDir());
    const token = await signDevToken(secret, { role: 'admin', sub: 'user-42' });
    expect(decodeJwt(token).sub).toBe('user-42');
  });

  it('refuses tokens of another data directory, expired tokens and garbage', async () => {
    const secret = loadOrCreateSecret(tempDir());
    const verify = createTokenVerifier(secret);
    const foreign = await signDevToken(loadOrCreateSecret(tempDir()), { role: 'admin' });
    const expired = await signDevToken(secret, {
      role: 'admin',
      expiresIn: Math.floor(Date.now() / 1000) - 60,
    });

    expect(await verify(foreign)).toEqual({ ok: false, reason: 'The bearer token is not valid.' });
    expect(await verify(expired)).toEqual({ ok: false, reason: 'The bearer token has expired.' });
    expect((await verify('not.a.jwt')).ok).toBe(false);
  });

  it('remembers a verified token only until it expires', async () => {
    const secret = loadOrCreateSecret(tempDir());
    const verify = createTokenVerifier(secret);
    const token = await signDevToken(secret, { role: 'sales', expiresIn: '10s' });
    expect((await verify(token)).ok).toBe(true);
    expect((await verify(token)).ok).toBe(true);
    vi.useFakeTimers({ now: Date.now() + 60_000, toFake: ['Date'] });
    expect(await verify(token)).toEqual({ ok: false, reason: 'The bearer token has expired.' });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('accepts only the roles of the user pool', () => {
    expect(parseRole('sales_manager')).toBe('sales_manager');
    expect(() => parseRole('boss')).toThrow(UserFacingError);
    expect(() => parseRole(undefined)).toThrow(/admin, sales, sales_manager, marketing, service, analyst/);
  });
});
