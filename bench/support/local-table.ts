import { randomUUID } from 'node:crypto';
import { ensureTable, startDynamoDbLocal } from '#local/dynamodb-local.ts';
import { freePort } from '#local/free-port.ts';

export type BenchTable = { endpoint: string; tableName: string; stop: () => Promise<void> };

/**
 * Starts an in-memory DynamoDB Local on a free port with a fresh table and points the platform's
 * environment at it. Call it before importing any `#shared` or `#functions` module: they read the
 * environment when they load. Java is killed when the process ends, however it ends.
 */
export const startBenchTable = async (): Promise<BenchTable> => {
  const dynamo = await startDynamoDbLocal({ port: await freePort() });
  const stop = async () => {
    await dynamo.stop();
  };
  // A failed or interrupted run must not leave a JVM behind.
  process.once('exit', () => {
    if (dynamo.process.exitCode === null) dynamo.process.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  const tableName = `bench-${randomUUID()}`;
  await ensureTable(dynamo.endpoint, tableName);
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    TABLE_NAME: tableName,
    AWS_REGION: 'eu-central-1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  return { endpoint: dynamo.endpoint, tableName, stop };
};
