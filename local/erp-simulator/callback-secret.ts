import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserFacingError } from '../config.ts';

const SECRET_FILE = 'erp-callback-secret';

/** Path of the ERP callback secret inside a data directory. */
export const erpCallbackSecretPath = (dataDir: string): string => join(dataDir, SECRET_FILE);

/**
 * The instance's ERP callback secret (what `ERP_CALLBACK_SECRET` is set to for the handlers): 32
 * random bytes created on first use (mode 0600), like the dev JWT secret. `ERP_CALLBACK_SECRET` in
 * the environment wins, so an external ERP can be configured with a known secret.
 */
export const loadOrCreateErpCallbackSecret = (
  dataDir: string,
  source: NodeJS.ProcessEnv = process.env,
): string => {
  const given = source.ERP_CALLBACK_SECRET?.trim();
  if (given) return given;
  const path = erpCallbackSecretPath(dataDir);
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UserFacingError(
        `The ERP callback secret ${path} is unreadable: fix its permissions or delete it.`,
      );
    }
  }
  const secret = randomBytes(32).toString('base64url');
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateErpCallbackSecret(dataDir, {});
    throw new UserFacingError(
      `Cannot write the ERP callback secret to ${path}: make ${dirname(path)} writable or set FRONTOFFICE_DATA_DIR.`,
    );
  }
  return secret;
};
