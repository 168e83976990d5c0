import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signErpPayload } from '#shared/erp/erp-signature.ts';
import { urlHost } from '../config.ts';
import { readSmallBody } from '../read-body.ts';

/** An order as the simulated ERP keeps it. */
export type ErpOrder = { erpId: string; idempotencyKey: string; body: unknown; receivedAt: string };

/** Invoice details the simulator sends back to Front Office for an order it holds. */
export type InvoiceCallbackOptions = {
  status?: 'invoiced' | 'paid' | 'overdue' | 'cancelled';
  invoiceNumber?: string;
  eventId?: string;
  at?: string;
  /** Signs with this timestamp (unix seconds) instead of now: tests send stale callbacks. */
  timestamp?: number;
  /** Signs with this secret instead of the shared one: tests send forged callbacks. */
  secret?: string;
};

export type ErpSimulator = {
  url: string;
  /** Orders received, by idempotency key (one per key, however often it was sent). */
  orders: () => ErpOrder[];
  /** Every `POST /orders` request, answered or failed. */
  requestCount: () => number;
  /** Answers the next `count` order requests with `status` (503 by default). */
  failNext: (count: number, status?: number) => void;
  /** Answers every order request with `status` for `ms` milliseconds. */
  failFor: (ms: number, status?: number) => void;
  /** Back to answering normally, with the orders kept. */
  recover: () => void;
  /** Sends a signed invoice callback for an order it holds to `callbackUrl`; returns the response. */
  sendInvoiceCallback: (orderId: string, options?: InvoiceCallbackOptions) => Promise<Response>;
  stop: () => Promise<void>;
};

export type ErpSimulatorOptions = {
  port?: number;
  host?: string;
  /** The shared secret of the callbacks. */
  callbackSecret?: string;
  /** Where callbacks go, e.g. `http://127.0.0.1:3000/v1/public/erp/callbacks`. */
  callbackUrl?: string;
};

const MAX_BODY_BYTES = 1024 * 1024;

const json = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

const readBody = (request: IncomingMessage): Promise<string | undefined> =>
  readSmallBody(request, MAX_BODY_BYTES);

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/**
 * The built-in ERP (PRODUCT.md section 3): `POST /orders` with `Idempotency-Key` stores an order
 * once per key and answers `{ erpId: "ERP-<n>" }` (the same id for the same key). Test controls,
 * in process and over HTTP: fail the next N requests or for a time window, list the orders
 * (`GET /_control/orders`), and send signed invoice callbacks to Front Office.
 */
export const startErpSimulator = async (options: ErpSimulatorOptions = {}): Promise<ErpSimulator> => {
  const byKey = new Map<string, ErpOrder>();
  let requests = 0;
  let failures: { remaining: number; status: number } = { remaining: 0, status: 503 };
  let failUntil: { at: number; status: number } | undefined;

  const failNext = (count: number, status = 503) => {
    failures = { remaining: count, status };
  };
  const failFor = (ms: number, status = 503) => {
    failUntil = { at: Date.now() + ms, status };
  };
  const recover = () => {
    failures = { remaining: 0, status: 503 };
    failUntil = undefined;
  };

  const receiveOrder = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    requests += 1;
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      return json(response, failures.status, { message: 'Simulated ERP failure.' });
    }
    if (failUntil && Date.now() < failUntil.at) {
      return json(response, failUntil.status, { message: 'Simulated ERP outage.' });
    }
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.trim() === '') {
      return json(response, 400, { message: 'Idempotency-Key is required.' });
    }
    const text = await readBody(request);
    const body = text === undefined ? undefined : parseJson(text);
    if (body === undefined) return json(response, 400, { message: 'The body must be JSON (at most 1 MB).' });
    const existing = byKey.get(key);
    if (existing) return json(response, 200, { erpId: existing.erpId });
    const order: ErpOrder = {
      erpId: `ERP-${byKey.size + 1}`,
      idempotencyKey: key,
      body,
      receivedAt: new Date().toISOString(),
    };
    byKey.set(key, order);
    return json(response, 201, { erpId: order.erpId });
  };

  const control = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    if (request.method === 'GET' && path === '/_control/orders') {
      return json(response, 200, { requests, orders: [...byKey.values()] });
    }
    if (request.method === 'POST' && path === '/_control/fail') {
      const input = parseJson((await readBody(request)) ?? '') as {
        count?: number;
        ms?: number;
        status?: number;
      };
      if (typeof input?.count === 'number') failNext(input.count, input.status);
      if (typeof input?.ms === 'number') failFor(input.ms, input.status);
      return json(response, 200, { ok: true });
    }
    if (request.method === 'POST' && path === '/_control/recover') {
      recover();
      return json(response, 200, { ok: true });
    }
    return json(response, 404, { message: `No route ${request.method} ${path}.` });
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://erp').pathname;
    const work =
      request.method === 'POST' && path === '/orders'
        ? receiveOrder(request, response)
        : control(request, response, path);
    work.catch(() => {
      if (!response.headersSent) json(response, 500, { message: 'Simulator error.' });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const sendInvoiceCallback = async (orderId: string, callback: InvoiceCallbackOptions = {}) => {
    const order = byKey.get(orderId);
    const secret = callback.secret ?? options.callbackSecret;
    if (!order || !secret || !options.callbackUrl) {
      throw new Error(
        'The simulator needs the order, a callback secret and a callback URL to send a callback.',
      );
    }
    const raw = JSON.stringify({
      type: 'invoice',
      eventId: callback.eventId ?? randomUUID(),
      orderId,
      erpId: order.erpId,
      invoiceNumber: callback.invoiceNumber ?? `INV-${order.erpId.replace(/^ERP-/, '')}`,
      status: callback.status ?? 'invoiced',
      at: callback.at ?? new Date().toISOString(),
    });
    const timestamp = callback.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(options.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-frontoffice-signature': signErpPayload(secret, timestamp, raw),
      },
      body: raw,
    });
  };

  return {
    url: `http://${urlHost(host)}:${port}`,
    orders: () => [...byKey.values()],
    requestCount: () => requests,
    failNext,
    failFor,
    recover,
    sendInvoiceCallback,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
