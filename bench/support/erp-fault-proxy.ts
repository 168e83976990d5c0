import { Agent, createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mulberry32 } from './random.ts';

/** What the proxy saw of one order (by `Idempotency-Key`). */
export type OrderDeliveries = {
  /** Answered 503 by the proxy; the simulator never saw these. */
  injected: number;
  /** 201 from the simulator: the ERP took the order. */
  created: number;
  /** 200 from the simulator: a resend of an order it already held (deduplicated by key). */
  replayed: number;
  /** Anything else the simulator answered. */
  other: number;
};

export type ErpFaultProxy = {
  url: string;
  /** Share of `POST /orders` answered 503 without reaching the ERP, 0 to 1. */
  setFailureRate: (rate: number) => void;
  deliveries: () => Map<string, OrderDeliveries>;
  reset: () => void;
  stop: () => Promise<void>;
};

/**
 * A proxy in front of the ERP simulator that answers a share of `POST /orders` with 503 (chosen by a
 * seeded PRNG, so every run injects the same pattern) and counts, per order, what the ERP answered.
 * The simulator itself can only fail the next N requests or a time window; a steady 20 % needs this.
 */
export const startErpFaultProxy = async (target: string, seed = 0xe4b_5eed): Promise<ErpFaultProxy> => {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let failureRate = 0;
  const random = mulberry32(seed);
  const byKey = new Map<string, OrderDeliveries>();
  const entry = (key: string): OrderDeliveries => {
    let found = byKey.get(key);
    if (!found) {
      found = { injected: 0, created: 0, replayed: 0, other: 0 };
      byKey.set(key, found);
    }
    return found;
  };

  const readAll = async (incoming: IncomingMessage): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  };

  const server = createServer((incoming, outgoing) => {
    const key = String(incoming.headers['idempotency-key'] ?? '');
    const isOrder = incoming.method === 'POST' && incoming.url === '/orders';
    void readAll(incoming).then((body) => {
      if (isOrder && random() < failureRate) {
        entry(key).injected += 1;
        outgoing.writeHead(503, { 'content-type': 'application/json' });
        outgoing.end('{"message":"Injected ERP failure."}');
        return;
      }
      const forwarded = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: incoming.method,
          path: incoming.url,
          agent,
          headers: { ...incoming.headers, host: upstream.host, 'content-length': String(body.length) },
        },
        (answer) => {
          if (isOrder) {
            const counts = entry(key);
            if (answer.statusCode === 201) counts.created += 1;
            else if (answer.statusCode === 200) counts.replayed += 1;
            else counts.other += 1;
          }
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => {
        if (!outgoing.headersSent) outgoing.writeHead(502);
        outgoing.end();
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFailureRate: (rate) => {
      failureRate = rate;
    },
    deliveries: () => byKey,
    reset: () => byKey.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
