import { namedSecret } from '#shared/platform/signed-token.ts';

/** How the connector talks to the ERP; read per call so tests and the local runtime can point it elsewhere. */
export type ErpSettings = {
  /** Base URL of the ERP (`POST {url}/orders`); locally the built-in simulator's. */
  url: string | undefined;
  /** Per request, in milliseconds. */
  timeoutMs: number;
  /** Attempts per order within one invocation (the queue retries after that). */
  attempts: number;
  /** Base of the exponential backoff between attempts, in milliseconds. */
  backoffBaseMs: number;
};

const positiveInt = (value: string | undefined, fallback: number): number => {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

export const erpSettings = (source: NodeJS.ProcessEnv = process.env): ErpSettings => ({
  url: source.ERP_URL?.trim() || undefined,
  timeoutMs: positiveInt(source.ERP_TIMEOUT_MS, 2000),
  attempts: positiveInt(source.ERP_ATTEMPTS, 3),
  backoffBaseMs: positiveInt(source.ERP_BACKOFF_BASE_MS, 100),
});

/**
 * The shared secret of the ERP callbacks: `ERP_CALLBACK_SECRET` (local runtime, tests), the Secrets
 * Manager secret named by `ERP_CALLBACK_SECRET_ID` (AWS; kept five minutes, so a rotation needs no
 * deployment), or the file `erp-callback-secret` in `FRONTOFFICE_DATA_DIR`.
 */
export const erpCallbackSecret = (source: NodeJS.ProcessEnv = process.env): Promise<string> =>
  namedSecret({ envPrefix: 'ERP_CALLBACK_SECRET', fileName: 'erp-callback-secret' }, source);
