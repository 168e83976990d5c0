import { parseArgs } from 'node:util';
import { loadOrCreateSecret, parseRole, signDevToken } from '../auth/dev-jwt.ts';
import { readLocalConfig } from '../config.ts';

/** `frontoffice token --role <role> [--sub <userId>]`: prints only the JWT, on one line. */
export const tokenCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string' }, sub: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const role = parseRole(values.role);
  const config = readLocalConfig();
  const token = await signDevToken(loadOrCreateSecret(config.dataDir), { role, sub: values.sub });
  process.stdout.write(`${token}\n`);
  return 0;
};
