import type { Server } from 'node:http';
import sesServerModule from 'aws-ses-v2-local';
import { type RunningServer, runningServer } from './running-server.ts';

export type SesLocal = RunningServer;

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;

// A CommonJS module with `exports.default`: under ESM the function sits on `.default` (or is the
// namespace itself, depending on the loader).
const startSes: StartSes =
  (sesServerModule as unknown as { default?: StartSes }).default ?? (sesServerModule as unknown as StartSes);

/**
 * Starts aws-ses-v2-local (the SES v2 wire API plus its inbox UI at `/`) on a port. Handlers reach
 * it through `SES_ENDPOINT` with `@aws-sdk/client-sesv2`, exactly as they reach SES on AWS.
 */
export const startSesLocal = async (options: { port: number; host?: string }): Promise<SesLocal> => {
  const host = options.host ?? '127.0.0.1';
  const server = await startSes({ host, port: options.port });
  // Express 5 calls the listen callback with the error instead of rejecting: a server that is not
  // listening by now failed to bind, almost always because the port is taken.
  if (!server.listening) {
    server.close();
    const error: NodeJS.ErrnoException = new Error(
      `aws-ses-v2-local could not listen on port ${options.port}`,
    );
    error.code = 'EADDRINUSE';
    throw error;
  }
  return runningServer(server, host);
};
