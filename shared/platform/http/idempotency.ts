import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { epochSeconds } from '../clock.ts';
import type { StoredItem } from '../db/keys.ts';
import { getItem } from '../db/table.ts';
import type { UnitOfWork } from '../db/unit-of-work.ts';
import { AppError } from '../errors.ts';

/** Replays are honoured for a day, as Stripe and most payment APIs do. */
const RETENTION_SECONDS = 24 * 3600;
const MAX_KEY_LENGTH = 255;

export type StoredResponse = { statusCode: number; headers: Record<string, string>; body: string };

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Stable JSON: the same body with other key order or whitespace is the same request. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
};

export type IdempotencyClaim = { key: { pk: string; sk: string }; fingerprint: string };

/** The key is scoped to caller and operation, so two clients cannot replay each other's answers. */
export const idempotencyClaim = (
  rawKey: string,
  scope: { callerId: string; operationId: string },
  request: { params: unknown; body: unknown },
): IdempotencyClaim => {
  if (rawKey.length === 0 || rawKey.length > MAX_KEY_LENGTH) {
    throw new AppError('bad-request', `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters.`);
  }
  return {
    key: {
      pk: `IDEMPOTENCY#${sha256(`${scope.callerId}\n${scope.operationId}\n${rawKey}`)}`,
      sk: 'IDEMPOTENCY',
    },
    fingerprint: sha256(canonical(request)),
  };
};

/** Raised when the key was used before; carries the first answer or the reason it cannot replay. */
export class IdempotentReplay extends Error {
  readonly response: StoredResponse;
  constructor(response: StoredResponse) {
    super('Idempotent replay');
    this.response = response;
  }
}

const replayOrRefuse = (claim: IdempotencyClaim, stored: Record<string, unknown>): Error => {
  if (stored.fingerprint !== claim.fingerprint) {
    return new AppError('unprocessable', 'This Idempotency-Key was already used with a different request.');
  }
  const response = stored.response as StoredResponse;
  return new IdempotentReplay({
    ...response,
    headers: { ...response.headers, 'idempotent-replayed': 'true' },
  });
};

/** Adds the record of this answer to the change's own transaction: both commit or neither does. */
export const recordIdempotentResponse = (
  uow: UnitOfWork,
  claim: IdempotencyClaim,
  response: StoredResponse,
): void => {
  const item: StoredItem = {
    ...claim.key,
    entity: 'idempotency',
    fingerprint: claim.fingerprint,
    response,
    expiresAt: epochSeconds() + RETENTION_SECONDS,
  };
  // Highest priority: when the key exists, the replay wins over any other failed condition.
  uow.create(
    item,
    (current) => (current ? replayOrRefuse(claim, current) : new AppError('conflict', 'Retry.')),
    100,
  );
};

/** After a failed attempt: was this key answered before (possibly by a process that crashed after commit)? */
export const findPreviousAnswer = async (claim: IdempotencyClaim): Promise<Error | undefined> => {
  const stored = await getItem(claim.key);
  if (!stored || (typeof stored.expiresAt === 'number' && stored.expiresAt < epochSeconds()))
    return undefined;
  return replayOrRefuse(claim, stored);
};

export const responseOf = (replay: IdempotentReplay): APIGatewayProxyStructuredResultV2 => replay.response;
