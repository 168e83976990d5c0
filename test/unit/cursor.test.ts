import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '#shared/platform/db/cursor.ts';
import { AppError } from '#shared/platform/errors.ts';

describe('list cursors', () => {
  const scope = { index: 'gsi2' as const, pk: 'OWNER#u1', skPrefix: 'CONTACT#' };
  const lastKey = { pk: 'CONTACT#1', sk: 'CONTACT', gsi2pk: 'OWNER#u1', gsi2sk: 'CONTACT#1' };

  it('round-trips a key of the queried partition', () => {
    const cursor = encodeCursor(lastKey);
    expect(cursor).not.toBeNull();
    expect(decodeCursor(cursor as string, scope)).toEqual(lastKey);
  });

  it('refuses a cursor forged into another partition', () => {
    const forged = encodeCursor({ ...lastKey, gsi2pk: 'OWNER#someone-else' }) as string;
    expect(() => decodeCursor(forged, scope)).toThrow(AppError);
  });

  it('refuses extra attributes, wrong sort-key prefixes and garbage', () => {
    expect(() => decodeCursor(encodeCursor({ ...lastKey, extra: 'x' }) as string, scope)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor({ ...lastKey, gsi2sk: 'ACCOUNT#1' }) as string, scope)).toThrow(
      AppError,
    );
    expect(() => decodeCursor('not-base64-json', scope)).toThrow(AppError);
  });
});
