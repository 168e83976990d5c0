import { createTokenVerifier, loadOrCreateSecret, signDevToken } from '#local/auth/dev-jwt.ts';
import { type RunningHttpServer, startHttpServer } from '#local/http/http-server.ts';
import { apiCatalog } from '#shared/api-catalog.ts';

export type LocalApi = { server: RunningHttpServer; adminToken: string };

/**
 * The real API served in-process on this test file's table, as `frontoffice start` serves it, for
 * tests that need it over HTTP (the CLI, the seed). Tokens are checked against the dev secret of
 * `dataDir`; `adminToken` is signed with it for the caller `sub`.
 */
export const startLocalApi = async (dataDir: string, sub: string): Promise<LocalApi> => {
  const secret = loadOrCreateSecret(dataDir);
  const server = await startHttpServer({
    port: 0,
    catalog: apiCatalog,
    verifyToken: createTokenVerifier(secret),
    health: () => ({ ready: true, parts: { api: 'ready' } }),
    quiet: true,
    log: () => undefined,
  });
  const adminToken = await signDevToken(secret, { role: 'admin', sub });
  return { server, adminToken };
};
