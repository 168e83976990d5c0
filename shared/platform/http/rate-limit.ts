import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { clock, epochSeconds } from '../clock.ts';
import { dynamo } from '../db/client.ts';
import { tableName } from '../db/table.ts';
import { AppError } from '../errors.ts';

const WINDOW_SECONDS = 60;

/**
 * Fixed one-minute window per client, counted with one atomic UpdateItem in the table. The same
 * code limits on AWS and locally; see docs/rate-limiting.md for why not WAF or usage plans.
 * The client address is hashed: the table never stores IP addresses.
 */
export const enforceRateLimit = async (
  clientId: string,
  bucket: string,
  limitPerMinute: number,
): Promise<void> => {
  const now = epochSeconds(clock.now());
  const window = Math.floor(now / WINDOW_SECONDS);
  const client = createHash('sha256').update(clientId).digest('hex').slice(0, 32);
  const result = await dynamo.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { pk: `RATELIMIT#${bucket}#${client}#${window}`, sk: 'RATELIMIT' },
      UpdateExpression: 'ADD #count :one SET #entity = :entity, #expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':entity': 'ratelimit',
        ':expiresAt': (window + 2) * WINDOW_SECONDS,
      },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const count = Number(result.Attributes?.count ?? 0);
  if (count > limitPerMinute) {
    const retryAfter = (window + 1) * WINDOW_SECONDS - now;
    throw new AppError('too-many-requests', `At most ${limitPerMinute} requests per minute; retry later.`, {
      headers: { 'retry-after': String(Math.max(retryAfter, 1)) },
    });
  }
};
