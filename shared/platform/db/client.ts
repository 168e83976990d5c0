import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from '../env.ts';

const requestCounts = new Map<string, number>();

const lowLevel = new DynamoDBClient({
  region: env.region,
  ...(env.dynamoEndpoint
    ? { endpoint: env.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
});

// Counts every request that leaves the process, per command: the bench reports requests per API call.
lowLevel.middlewareStack.add(
  (next, context) => async (args) => {
    const command = context.commandName ?? 'unknown';
    requestCounts.set(command, (requestCounts.get(command) ?? 0) + 1);
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);

/** The one DynamoDB client of the process (document flavour: plain JS values in and out). */
export const dynamo = DynamoDBDocumentClient.from(lowLevel, {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

/** Requests sent since the last reset, per command name (e.g. `TransactWriteItemsCommand`). */
export const dynamoRequests = (): Record<string, number> => Object.fromEntries(requestCounts);
export const resetDynamoRequests = (): void => requestCounts.clear();
