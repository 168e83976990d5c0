import * as z from 'zod';
import type { ErpSettings } from './erp-config.ts';

/** The ERP's answer to `POST /orders` (PRODUCT.md section 3). */
const erpAnswerSchema = z.looseObject({ erpId: z.string().trim().min(1).max(200) });

/** Why the ERP did not take an order; `transient` failures are worth another attempt. */
export class ErpError extends Error {
  readonly transient: boolean;
  readonly status: number | undefined;
  constructor(message: string, options: { transient: boolean; status?: number | undefined }) {
    super(message);
    this.name = 'ErpError';
    this.transient = options.transient;
    this.status = options.status;
  }
}

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter (AWS Architecture Blog): random in [0, base·2^attempt]. */
export const backoffDelay = (attempt: number, baseMs: number, random: () => number = Math.random): number =>
  Math.round(random() * baseMs * 2 ** attempt);

const isTransientStatus = (status: number): boolean => status === 429 || status === 408 || status >= 500;

/** One request: 2xx with an `erpId` is success; everything else is an ErpError. */
const postOnce = async (
  settings: ErpSettings & { url: string },
  orderId: string,
  body: unknown,
): Promise<string> => {
  let response: Response;
  try {
    response = await fetch(
      new URL('orders', settings.url.endsWith('/') ? settings.url : `${settings.url}/`),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': orderId },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(settings.timeoutMs),
      },
    );
  } catch (error) {
    const timeout = (error as Error).name === 'TimeoutError';
    throw new ErpError(timeout ? 'The ERP did not answer in time.' : 'The ERP is unreachable.', {
      transient: true,
    });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new ErpError(`The ERP answered ${response.status}.`, {
      transient: isTransientStatus(response.status),
      status: response.status,
    });
  }
  let parsed: z.ZodSafeParseResult<z.infer<typeof erpAnswerSchema>>;
  try {
    parsed = erpAnswerSchema.safeParse(JSON.parse(text));
  } catch {
    throw new ErpError('The ERP answered with a body that is not JSON.', {
      transient: false,
      status: response.status,
    });
  }
  if (!parsed.success) {
    throw new ErpError('The ERP answered without an erpId.', { transient: false, status: response.status });
  }
  return parsed.data.erpId;
};

/**
 * Sends an order to the ERP with its id as `Idempotency-Key`, retrying transient failures
 * (timeouts, network errors, 408/429/5xx) with exponential backoff and jitter within this
 * invocation. The last error is thrown; the queue then retries the message later.
 */
export const sendOrderToErp = async (
  settings: ErpSettings,
  orderId: string,
  body: unknown,
  options: { sleep?: Sleep; random?: () => number } = {},
): Promise<string> => {
  const { url } = settings;
  if (!url) throw new ErpError('ERP_URL is not configured.', { transient: false });
  const sleep = options.sleep ?? realSleep;
  let last: ErpError | undefined;
  for (let attempt = 0; attempt < settings.attempts; attempt += 1) {
    if (attempt > 0) await sleep(backoffDelay(attempt, settings.backoffBaseMs, options.random));
    try {
      return await postOnce({ ...settings, url }, orderId, body);
    } catch (error) {
      last = error instanceof ErpError ? error : new ErpError(String(error), { transient: false });
      if (!last.transient) break;
    }
  }
  throw last ?? new ErpError('The ERP was not called.', { transient: false });
};
