import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '#local/dynamodb-local.ts';

// Every test file gets its own table in the run's one DynamoDB Local, before any platform module
// reads the environment. Files therefore never see each other's data.
const endpoint = inject('dynamoEndpoint');
process.env.DYNAMODB_ENDPOINT = endpoint;
process.env.TABLE_NAME = `test-${randomUUID()}`;
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
await ensureTable(endpoint, process.env.TABLE_NAME);
