import { parseArgs } from 'node:util';
import { loadOrCreateSecret, signDevToken } from '../auth/dev-jwt.ts';
import { apiUrl, readLocalConfig } from '../config.ts';
import { seed, waitForHealthy } from '../seed/seed.ts';

/** Seeds the instance at `url` (or the one PORT names) with an admin token of the data directory. */
export const seedInstance = async (url?: string): Promise<void> => {
  const config = readLocalConfig();
  const baseUrl = url ?? apiUrl(config);
  await waitForHealthy(baseUrl);
  const token = await signDevToken(loadOrCreateSecret(config.dataDir), { role: 'admin', sub: 'dev-seed' });
  process.stdout.write(`Seeding demo data into ${baseUrl}\n`);
  const started = Date.now();
  await seed({ baseUrl, token });
  process.stdout.write(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
};

/** `frontoffice seed`. */
export const seedCommand = async (args: string[]): Promise<number> => {
  parseArgs({ args, options: {}, strict: true, allowPositionals: false });
  await seedInstance();
  return 0;
};
