import { AppError } from '../errors.ts';
import { INDEXES, type IndexName } from './keys.ts';

type Key = Record<string, string>;

/** The cursor names the exact partition it belongs to; a cursor from another query is refused. */
export const encodeCursor = (lastKey: Record<string, unknown> | undefined): string | null =>
  lastKey ? Buffer.from(JSON.stringify(lastKey), 'utf8').toString('base64url') : null;

const invalid = (): AppError => new AppError('bad-request', 'The cursor is not valid for this list.');

/**
 * Decodes a cursor and checks that it points into the partition being queried, so a client cannot
 * forge a cursor that starts a query inside another customer's or another entity's partition.
 */
export const decodeCursor = (
  cursor: string,
  scope: {
    index: IndexName | undefined;
    pk: string;
    skPrefix: string | undefined;
    skBetween?: readonly [string, string] | undefined;
  },
): Key => {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) throw invalid();
  const key = decoded as Record<string, unknown>;
  const allowed = new Set(['pk', 'sk', ...(scope.index ? Object.values(INDEXES[scope.index]) : [])]);
  for (const [name, value] of Object.entries(key)) {
    if (!allowed.has(name) || typeof value !== 'string') throw invalid();
  }
  if (Object.keys(key).length !== allowed.size) throw invalid();
  const pkName = scope.index ? INDEXES[scope.index].pk : 'pk';
  const skName = scope.index ? INDEXES[scope.index].sk : 'sk';
  if (key[pkName] !== scope.pk) throw invalid();
  if (scope.skPrefix && !String(key[skName]).startsWith(scope.skPrefix)) throw invalid();
  if (scope.skBetween) {
    const sk = String(key[skName]);
    if (sk < scope.skBetween[0] || sk > scope.skBetween[1]) throw invalid();
  }
  return key as Key;
};
