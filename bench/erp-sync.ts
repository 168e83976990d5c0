/**
 * ERP sync throughput: `order.placed` messages through the local SQS emulation (`local/bus/queue.ts`,
 * the erp-sync route's batch size, visibility timeout and maxReceiveCount) into the real erp-sync
 * handler, which sends each order to the ERP simulator and records `synced` + `order.synced` in
 * DynamoDB Local. Two runs of fresh orders: (a) a healthy ERP, (b) 20 % of the ERP's order requests
 * answered 503 (a seeded fault proxy in front of the simulator, which also counts per order what
 * the ERP answered).
 *
 * The queue runs on a fake clock: when nothing is visible any more, the bench moves it past the
 * visibility timeout instead of sleeping, so failed messages come back at once. The connector's own
 * backoff between its in-invocation attempts (ERP_ATTEMPTS, ERP_BACKOFF_BASE_MS) is real time and
 * part of the figure, as it is on AWS.
 *
 * Figures: orders/s from the first receive until the queue is empty; per order the deliveries the
 * ERP took (target: exactly one), messages left in the DLQ (target 0), and every order synced once
 * in the table (status synced, the ERP's id, version 2).
 */
import { startBenchTable } from './support/local-table.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { table } from './support/stats.ts';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 500);
const FAILURE_RATE = 0.2;
/** Orders are placed (and checked) this many at a time. */
const PARALLEL_SETUP = 25;

const bench = await startBenchTable();
try {
  const { startErpSimulator } = await import('#local/erp-simulator/erp-simulator.ts');
  const { createQueue } = await import('#local/bus/queue.ts');
  const { eventRoutes } = await import('#shared/event-routes.ts');
  const { findOrder } = await import('#shared/orders/order-sync.service.ts');
  const { erpSettings } = await import('#shared/erp/erp-config.ts');
  const { handler } = await import('#functions/erp-sync/erp-sync.handler.ts');
  const { busMessage, placeOrder } = await import('../test/support/order-fixture.ts');
  const { startErpFaultProxy } = await import('./support/erp-fault-proxy.ts');
  type Placed = Awaited<ReturnType<typeof placeOrder>>;

  const route = eventRoutes.find((candidate) => candidate.name === 'erp-sync');
  if (route?.target.kind !== 'queue') throw new Error('the erp-sync queue route is missing');
  const target = route.target;

  const inChunks = async <T, R>(items: T[], action: (item: T) => Promise<R>): Promise<R[]> => {
    const results: R[] = [];
    for (let i = 0; i < items.length; i += PARALLEL_SETUP) {
      results.push(...(await Promise.all(items.slice(i, i + PARALLEL_SETUP).map(action))));
    }
    return results;
  };

  const erp = await startErpSimulator();
  const proxy = await startErpFaultProxy(erp.url);
  process.env.ERP_URL = proxy.url;
  const settings = erpSettings();

  try {
    const run = async (name: string, failureRate: number) => {
      proxy.reset();
      proxy.setFailureRate(failureRate);
      const placed: Placed[] = await inChunks(
        Array.from({ length: ORDERS }, (_, i) => i),
        () => placeOrder(),
      );
      let now = Date.parse('2026-03-02T09:00:00Z');
      const queue = createQueue({ ...target, handler, clock: { now: () => new Date(now) } });
      for (const { event } of placed) queue.send(busMessage(event));
      const erpBefore = erp.orders().length;

      // Receive until nothing is left: each round delivers every visible message (batch after
      // batch, as one poller), then the visibility timeout of the failed ones passes on the fake
      // clock. maxReceiveCount rounds deliver every message that many times at most; one more
      // round moves what is still failing to the DLQ.
      let deliveries = 0;
      let rounds = 0;
      const started = performance.now();
      while (queue.depth() > 0 && rounds <= target.maxReceiveCount) {
        deliveries += await queue.drain(Number.MAX_SAFE_INTEGER);
        rounds += 1;
        if (queue.depth() > 0) now += (target.visibilityTimeoutSeconds + 1) * 1000;
      }
      const seconds = (performance.now() - started) / 1000;

      // ---- check: at the ERP (through the proxy) and in the table ----
      const counts = proxy.deliveries();
      const erpOrders = new Map(erp.orders().map((order) => [order.idempotencyKey, order.erpId]));
      let exactlyOnce = 0;
      let injected = 0;
      let replayed = 0;
      let notReceived = 0;
      let duplicated = 0;
      for (const { order } of placed) {
        const seen = counts.get(order.id);
        injected += seen?.injected ?? 0;
        replayed += seen?.replayed ?? 0;
        if (!seen || seen.created === 0) notReceived += 1;
        else if (seen.created === 1 && seen.replayed === 0) exactlyOnce += 1;
        else duplicated += 1;
      }
      const stored = await inChunks(placed, ({ order }) => findOrder(order.id));
      const syncedOnce = stored.filter(
        (order) =>
          order?.status === 'synced' && order.version === 2 && order.erpId === erpOrders.get(order.id),
      ).length;
      const erpRequests = [...counts.values()].reduce(
        (sum, seen) => sum + seen.injected + seen.created + seen.replayed + seen.other,
        0,
      );
      return {
        name,
        failureRate,
        seconds,
        ordersPerSecond: syncedOnce / seconds,
        rounds,
        deliveries,
        erpRequests,
        injected,
        replayed,
        exactlyOnce,
        duplicated,
        notReceived,
        newAtErp: erp.orders().length - erpBefore,
        syncedOnce,
        dlq: queue.dlqDepth(),
        left: queue.depth(),
      };
    };

    // A few orders first, so module loading and JIT are not part of the first figure.
    {
      const warm = await Promise.all(Array.from({ length: 10 }, () => placeOrder()));
      const queue = createQueue({ ...target, handler });
      for (const { event } of warm) queue.send(busMessage(event));
      await queue.drain();
    }

    const results = [await run('healthy ERP', 0), await run('20 % of requests 503', FAILURE_RATE)];

    console.log(
      `\nERP sync: ${ORDERS} orders per run through the local erp-sync queue (batch ${target.batchSize}, ` +
        `one batch at a time, maxReceiveCount ${target.maxReceiveCount}, visibility timeout on a fake clock), ` +
        `connector: ${settings.attempts} attempts per receive, backoff base ${settings.backoffBaseMs} ms`,
    );
    console.log(
      table(
        [
          'run',
          'orders/s',
          's',
          'receive rounds',
          'messages delivered',
          'ERP requests',
          '503 injected',
          'taken once',
          'resent (200)',
          'synced once',
          'DLQ',
        ],
        results.map((result) => [
          result.name,
          result.ordersPerSecond.toFixed(1),
          result.seconds.toFixed(2),
          String(result.rounds),
          String(result.deliveries),
          String(result.erpRequests),
          `${result.injected} (${((100 * result.injected) / Math.max(result.erpRequests, 1)).toFixed(1)} %)`,
          `${result.exactlyOnce}/${ORDERS}`,
          String(result.replayed),
          `${result.syncedOnce}/${ORDERS}`,
          String(result.dlq),
        ]),
      ),
    );

    const verdicts: Verdict[] = [];
    for (const result of results) {
      verdicts.push(
        {
          label: `erp sync (${result.name}): orders/s`,
          value: `${result.ordersPerSecond.toFixed(1)}/s (${ORDERS} in ${result.seconds.toFixed(2)} s)`,
          target: 'reported',
          met: true,
        },
        {
          label: `erp sync (${result.name}): orders the ERP took exactly once`,
          value: `${result.exactlyOnce}/${ORDERS} (${result.duplicated} more than once, ${result.notReceived} never)`,
          target: `${ORDERS}/${ORDERS}`,
          met: result.exactlyOnce === ORDERS && result.newAtErp === ORDERS,
        },
        {
          label: `erp sync (${result.name}): synced once in the table`,
          value: `${result.syncedOnce}/${ORDERS}`,
          target: `${ORDERS}/${ORDERS}`,
          met: result.syncedOnce === ORDERS,
        },
        {
          label: `erp sync (${result.name}): left in DLQ / queue`,
          value: `${result.dlq} / ${result.left}`,
          target: '0 / 0',
          met: result.dlq === 0 && result.left === 0,
        },
      );
    }
    console.log('');
    for (const verdict of verdicts) {
      console.log(`  ${verdict.met ? 'met ' : 'MISS'}  ${verdict.label} = ${verdict.value}`);
    }
    writeVerdicts('erp-sync', verdicts);
  } finally {
    await proxy.stop();
    await erp.stop();
  }
} finally {
  await bench.stop();
}
