import type { CreateLeadInput } from '#shared/leads/lead.schema.ts';
import { UserFacingError } from '../config.ts';

/**
 * What the API did with one row: created a lead, merged it into the lead with that email,
 * replayed an earlier import of the same row (nothing changed), or refused it.
 */
export type SendOutcome =
  | { kind: 'created' | 'updated' | 'unchanged'; leadId: string }
  | { kind: 'rejected'; reason: string };

/** Sends one lead with its Idempotency-Key; throws UserFacingError when no row can succeed. */
export type LeadSender = (body: CreateLeadInput, idempotencyKey: string) => Promise<SendOutcome>;

export type LeadSenderOptions = {
  /** Base URL of the running instance, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** An admin bearer token the instance accepts. */
  token: string;
  /** Attempts per row for 429, 5xx and lost connections (default 5). */
  maxAttempts?: number;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
};

type Problem = { title?: string; detail?: string; errors?: { path?: string; message?: string }[] };

/** The problem detail as one line: the validation errors when there are any, else detail or title. */
const problemText = (status: number, body: Problem | undefined): string => {
  const errors = (body?.errors ?? []).map((error) =>
    error.path ? `${error.path}: ${error.message ?? 'invalid'}` : (error.message ?? 'invalid'),
  );
  const text = errors.length > 0 ? errors.join('; ') : (body?.detail ?? body?.title ?? 'no detail');
  return `${status} ${text}`.replace(/\s+/g, ' ');
};

/** Exponential back-off from 250 ms (capped at 8 s) with jitter; Retry-After wins when given. */
const backoff = (attempt: number, retryAfter: string | null): number => {
  const seconds = Number(retryAfter);
  if (retryAfter && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 30) * 1000;
  return Math.min(8000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
};

const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/**
 * `POST /v1/leads` with bounded retries. The Idempotency-Key makes retries and re-runs safe: a
 * replay (`Idempotent-Replayed: true`) means the row was imported before and nothing changed.
 */
export const createLeadSender = (options: LeadSenderOptions): LeadSender => {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = options.maxAttempts ?? 5;
  const url = new URL('/v1/leads', options.baseUrl);

  return async (body, idempotencyKey) => {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            'idempotency-key': idempotencyKey,
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        });
      } catch {
        if (attempt < maxAttempts) {
          await sleep(backoff(attempt, null));
          continue;
        }
        throw new UserFacingError(
          `Front Office at ${options.baseUrl} stopped answering: start it again and re-run the import (rows already imported are not created twice).`,
        );
      }
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = { detail: text.slice(0, 200) };
      }
      if (response.ok) {
        const lead = parsed as { id: string; submissions?: number };
        if (response.headers.get('idempotent-replayed') === 'true')
          return { kind: 'unchanged', leadId: lead.id };
        return { kind: lead.submissions === 1 ? 'created' : 'updated', leadId: lead.id };
      }
      if (isRetryableStatus(response.status) && attempt < maxAttempts) {
        await sleep(backoff(attempt, response.headers.get('retry-after')));
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new UserFacingError(
          `${options.baseUrl} refused the import token (${response.status}): run the import with the same FRONTOFFICE_DATA_DIR as start.`,
        );
      }
      if (response.status === 404 || response.status === 405) {
        throw new UserFacingError(`${options.baseUrl} has no POST /v1/leads: is it a Front Office instance?`);
      }
      const reason = problemText(response.status, parsed as Problem | undefined);
      return {
        kind: 'rejected',
        reason: isRetryableStatus(response.status) ? `${reason} (after ${attempt} attempts)` : reason,
      };
    }
  };
};
