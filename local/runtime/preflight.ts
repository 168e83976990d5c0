import { spawnSync } from 'node:child_process';
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserFacingError } from '../config.ts';
import { portInUse } from '../free-port.ts';

const JAVA_HINT =
  'install it (e.g. apt-get install openjdk-17-jre-headless, or brew install openjdk@17) and make sure `java` is on the PATH';

/** The major version in `java -version` output (`"17.0.15"` → 17, `"1.8.0_392"` → 8). */
export const javaMajorVersion = (output: string): number | undefined => {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (!match?.[1]) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
};

/** DynamoDB Local is a Java program: check for Java 17+ before spawning it. */
export const checkJava = (): void => {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (result.error || result.status !== 0) {
    throw new UserFacingError(`Java 17+ is needed for DynamoDB Local: ${JAVA_HINT}.`);
  }
  const version = javaMajorVersion(`${result.stderr}\n${result.stdout}`);
  if (version !== undefined && version < 17) {
    throw new UserFacingError(`Java 17+ is needed for DynamoDB Local, found Java ${version}: ${JAVA_HINT}.`);
  }
};

/** Each part needs its own free port; the message names the variable that moves it. */
export const checkPorts = async (ports: { name: string; port: number }[]): Promise<void> => {
  const seen = new Map<number, string>();
  for (const { name, port } of ports) {
    const other = seen.get(port);
    if (other) {
      throw new UserFacingError(`${other} and ${name} are both ${port}: give each part its own port.`);
    }
    seen.set(port, name);
  }
  for (const { name, port } of ports) {
    if (await portInUse(port)) {
      throw new UserFacingError(
        `Port ${port} (${name}) is in use: stop the other process or set ${name}=<a free port>.`,
      );
    }
  }
};

/** The data directory itself (dev JWT secret, later the lake) must be a writable directory. */
export const checkDataDir = (dataDir: string, label: string): void => {
  try {
    mkdirSync(dataDir, { recursive: true });
    if (!statSync(dataDir).isDirectory()) throw new Error('not a directory');
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch {
    throw new UserFacingError(
      `The data directory ${label} is not a writable directory: move it away or set FRONTOFFICE_DATA_DIR to another path.`,
    );
  }
};

/** DynamoDB Local's file with `-sharedDb`. */
export const DYNAMODB_FILE = 'shared-local-instance.db';
const SQLITE_HEADER = 'SQLite format 3\0';

export const corruptDynamoDir = (label: string): UserFacingError =>
  new UserFacingError(
    `The data directory ${label} is unreadable or corrupt: move it away or start with --memory.`,
  );

/**
 * Cheap checks before Java starts: the DynamoDB directory must be a readable, writable directory
 * and its database, if any, an SQLite file. Deeper damage shows when DynamoDB Local answers.
 */
export const checkDynamoDir = (dir: string, label: string): void => {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
    const file = join(dir, DYNAMODB_FILE);
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      const header = Buffer.alloc(SQLITE_HEADER.length);
      const read = readSync(fd, header, 0, header.length, 0);
      if (read > 0 && header.toString('latin1', 0, read) !== SQLITE_HEADER.slice(0, read)) {
        throw new Error('not an SQLite database');
      }
      if (read > 0 && read < SQLITE_HEADER.length) throw new Error('truncated');
      accessSync(file, constants.R_OK | constants.W_OK);
    } finally {
      closeSync(fd);
    }
  } catch {
    throw corruptDynamoDir(label);
  }
};
