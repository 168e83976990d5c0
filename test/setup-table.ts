import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, inject } from 'vitest';
import { ensureTable } from '#local/dynamodb-local.ts';

// Every test file gets its own table in the run's one DynamoDB Local, before any platform module
// reads the environment. Files therefore never see each other's data.
const endpoint = inject('dynamoEndpoint');
process.env.DYNAMODB_ENDPOINT = endpoint;
process.env.TABLE_NAME = `test-${randomUUID()}`;
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
await ensureTable(endpoint, process.env.TABLE_NAME);

// Drop the table when the file is done: DynamoDB Local keeps every table in one in-memory SQLite
// database, and a run that keeps all of them (10,000-contact exports, 1,000-mail campaigns) gets
// slower file by file.
afterAll(async () => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(new DeleteTableCommand({ TableName: process.env.TABLE_NAME })).catch(() => undefined);
  client.destroy();
});
