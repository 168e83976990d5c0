import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { urlHost } from './config.ts';

/** A listening local HTTP server: where it is and how to stop it. */
export type RunningServer = { url: string; port: number; close: () => Promise<void> };

/** Describes a listening server; `close` also drops keep-alive connections so stopping never hangs. */
export const runningServer = (server: Server, host: string): RunningServer => {
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${urlHost(host)}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
