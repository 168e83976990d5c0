import type * as z from 'zod';
import type { Access } from '../roles.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One HTTP operation of the API contract: route, who may call it and the zod schemas of its input
 * and output. The same objects drive the handlers, the OpenAPI document, the CDK routes and the
 * local server, so the contract is written once.
 */
export type Operation = {
  method: HttpMethod;
  /** API Gateway style path, e.g. `/v1/contacts/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /**
   * Media types the body may come in: JSON (default), or also `application/x-www-form-urlencoded`
   * (`'json-or-form'`, e.g. the RFC 8058 one-click unsubscribe POST), parsed into an object of strings.
   */
  bodyFormat?: 'json' | 'json-or-form';
  /** Schema of a successful response body (none for 204). */
  response?: z.ZodType;
  status: 200 | 201 | 202 | 204;
  /** POST operations that honour `Idempotency-Key`. */
  idempotent?: boolean;
  /**
   * Attempts in all when the use case loses a race (a 409 with `Retry-After`: a condition refused
   * by a concurrent change, or a transaction conflict): the implementation runs again on fresh reads
   * in a fresh unit of work. For use cases that read, decide and write conditionally (lead capture,
   * round-robin assignment). Default 1.
   */
  attempts?: number;
};

/** A feature's API: the Lambda function that serves it and its operations by id. */
export type FeatureApi<Ops extends Record<string, Operation> = Record<string, Operation>> = {
  /** Function name: `functions/<name>/<name>.handler.ts`, `frontoffice-<stage>-<name>` on AWS. */
  functionName: string;
  operations: Ops;
};

export const defineOperation = <const O extends Operation>(operation: O): O => operation;

export const defineFeatureApi = <const Ops extends Record<string, Operation>>(
  api: FeatureApi<Ops>,
): FeatureApi<Ops> => api;

/** API Gateway's route key, e.g. `GET /v1/contacts/{id}`. */
export const routeKey = (operation: Pick<Operation, 'method' | 'path'>): string =>
  `${operation.method} ${operation.path}`;
