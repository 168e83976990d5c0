/**
 * API latency: what the HTTP API and the handler framework add on top of the DynamoDB requests an
 * operation needs. Each operation is timed three ways, interleaved in one run against one
 * in-memory DynamoDB Local, so all three see the same JVM, table and machine load:
 *
 *   raw      the operation's DynamoDB requests, sent with the same document client
 *   handle() the Lambda handler's plain function called in-process (routing, auth, zod, unit of work)
 *   HTTP     the local HTTP server (JWT check, API Gateway event, middy `handler`, node:http)
 *
 * handle() − raw is the framework's cost, HTTP − handle() the transport's.
 */
import { randomBytes } from 'node:crypto';
import { startBenchTable } from './support/local-table.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { ms, type Summary, summarise, table } from './support/stats.ts';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);
const WARMUP = 30;
/** Per operation; on a slow machine fewer samples beat a bench that never ends. */
const BUDGET_MS = 60_000;
/** HTTP may add at most a quarter to the DynamoDB time (p50). */
const TARGET_RATIO = 1.25;

const signed = (value: number): string => `${value < 0 ? '-' : '+'}${ms(Math.abs(value))}`;

type Path = { name: 'raw' | 'handle()' | 'HTTP'; run: () => Promise<void> };

/** Runs every path once per iteration, rotating the order so no path always goes first. */
const measure = async (paths: Path[]): Promise<Map<Path['name'], number[]>> => {
  for (let i = 0; i < WARMUP; i++) for (const path of paths) await path.run();
  const samples = new Map(paths.map((path) => [path.name, [] as number[]]));
  const deadline = Date.now() + BUDGET_MS;
  for (let i = 0; i < ITERATIONS && Date.now() < deadline; i++) {
    for (let j = 0; j < paths.length; j++) {
      const path = paths[(i + j) % paths.length] as Path;
      const started = performance.now();
      await path.run();
      samples.get(path.name)?.push(performance.now() - started);
    }
  }
  return samples;
};

const bench = await startBenchTable();
try {
  // The environment is set: now the modules that read it at import may load.
  const { TransactWriteCommand, QueryCommand, GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { dynamo } = await import('#shared/platform/db/client.ts');
  const { newId } = await import('#shared/platform/ids.ts');
  const { apiCatalog } = await import('#shared/api-catalog.ts');
  const { startHttpServer } = await import('#local/http/http-server.ts');
  const { createTokenVerifier, signDevToken } = await import('#local/auth/dev-jwt.ts');
  const { call, newContactBody, seedContact360 } = await import('./support/fixtures.ts');
  const { httpClient } = await import('./support/http-client.ts');

  // Records the document-client input of every request while `recording` is set: the raw path
  // replays exactly what the handler sent.
  let recording: { command: string; input: Record<string, unknown> }[] | undefined;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      recording?.push({ command: context.commandName ?? '?', input: structuredClone(args.input) as never });
      return next(args);
    },
    { step: 'initialize', name: 'benchRecordRequests', priority: 'high' },
  );
  const record = async (action: () => Promise<unknown>) => {
    recording = [];
    await action();
    const recorded = recording;
    recording = undefined;
    return recorded;
  };

  const secret = new Uint8Array(randomBytes(32));
  const server = await startHttpServer({
    port: 0,
    catalog: apiCatalog,
    verifyToken: createTokenVerifier(secret),
    quiet: true,
  });
  const token = await signDevToken(secret, { role: 'sales' });
  const http = httpClient(server.url, { authorization: `Bearer ${token}` });
  const expectStatus = (what: string, status: number, expected: number) => {
    if (status !== expected) throw new Error(`${what}: expected ${expected}, got ${status}`);
  };

  try {
    // ---- create contact: contact item + email claim + outbox event, one TransactWriteItems ----
    const [createRequest] = await record(() => call('POST', '/v1/contacts', 201, { body: newContactBody() }));
    if (createRequest?.command !== 'TransactWriteItemsCommand') {
      throw new Error(`create-contact sent ${createRequest?.command}, expected one TransactWriteItems`);
    }
    // Fresh keys for every replay: each id (contact, event) becomes a new ULID, the email a new one.
    const template = JSON.stringify(createRequest.input);
    const ids = [...new Set(template.match(/[0-9A-HJKMNP-TV-Z]{26}/g) ?? [])];
    const email = /"CONTACT_EMAIL#([^"]+)"/.exec(template)?.[1] ?? '';
    const freshTransaction = () => {
      let text = template.replaceAll(email, newContactBody().email);
      for (const id of ids) text = text.replaceAll(id, newId());
      return JSON.parse(text);
    };
    const createItems = (createRequest.input.TransactItems as unknown[]).length;
    const createBytes = template.length;

    const createSamples = await measure([
      {
        name: 'raw',
        run: async () => {
          await dynamo.send(new TransactWriteCommand(freshTransaction()));
        },
      },
      {
        name: 'handle()',
        run: async () => {
          await call('POST', '/v1/contacts', 201, { body: newContactBody() });
        },
      },
      {
        name: 'HTTP',
        run: async () => {
          expectStatus(
            'HTTP create',
            (await http.send('POST', '/v1/contacts', newContactBody())).status,
            201,
          );
        },
      },
    ]);

    // ---- 360° view: Query of the contact's collection on gsi1, then GetItem of its account ----
    const fixture = await seedContact360();
    const path360 = `/v1/contacts/${fixture.contactId}/360`;
    const reads = await record(() => call('GET', path360, 200));
    const commands = reads.map((read) => read.command).join(' + ');
    if (commands !== 'QueryCommand + GetItemCommand') throw new Error(`360 sent ${commands}`);
    const [query, get] = reads as [(typeof reads)[number], (typeof reads)[number]];

    const view360Samples = await measure([
      {
        name: 'raw',
        run: async () => {
          await dynamo.send(new QueryCommand(query.input as never));
          await dynamo.send(new GetCommand(get.input as never));
        },
      },
      {
        name: 'handle()',
        run: async () => {
          await call('GET', path360, 200);
        },
      },
      {
        name: 'HTTP',
        run: async () => {
          expectStatus('HTTP 360', (await http.send('GET', path360)).status, 200);
        },
      },
    ]);

    // ---- report ----
    const operations = [
      {
        name: 'create contact',
        detail: `${createItems}-item transaction, ${createBytes} B`,
        samples: createSamples,
      },
      {
        name: '360 view',
        detail: `${commands}, ${fixture.activityIds.length} activities`,
        samples: view360Samples,
      },
    ];
    const rows: string[][] = [];
    const verdicts: Verdict[] = [];
    const split: string[] = [];
    for (const operation of operations) {
      const figures = new Map([...operation.samples].map(([path, samples]) => [path, summarise(samples)]));
      const raw = figures.get('raw') as Summary;
      const handle = figures.get('handle()') as Summary;
      const viaHttp = figures.get('HTTP') as Summary;
      for (const [path, figure] of figures) {
        rows.push([
          path === 'raw' ? `${operation.name} (${operation.detail})` : '',
          path,
          String(figure.n),
          ms(figure.p50),
          ms(figure.p99),
          ms(figure.mean),
          path === 'raw' ? '' : signed(figure.p50 - raw.p50),
          path === 'raw' ? '' : `${(figure.p50 / raw.p50).toFixed(2)}x`,
          path === 'raw' ? '' : `${(figure.mean / raw.mean).toFixed(2)}x`,
        ]);
      }
      split.push(
        `  ${operation.name}: DynamoDB ${ms(raw.p50)}, framework ${signed(handle.p50 - raw.p50)}, ` +
          `transport ${signed(viaHttp.p50 - handle.p50)} ms`,
      );
      const ratio = viaHttp.p50 / raw.p50;
      verdicts.push({
        label: `${operation.name}: HTTP/raw p50`,
        // Three decimals: 1.254 must not print as a "1.25x" that misses a 1.25x target.
        value: `${ratio.toFixed(3)}x (${ms(viaHttp.p50)} vs ${ms(raw.p50)} ms)`,
        target: `≤ ${TARGET_RATIO}x`,
        met: ratio <= TARGET_RATIO,
      });
    }
    console.log(
      `\nAPI latency in ms: ${ITERATIONS} iterations per path after ${WARMUP} warm-up, paths interleaved`,
    );
    console.log(
      table(['operation', 'path', 'n', 'p50', 'p99', 'mean', '+p50 vs raw', 'p50 ×raw', 'mean ×raw'], rows),
    );
    console.log('\nWhere the time goes (p50): framework = handle() − raw, transport = HTTP − handle()');
    console.log(split.join('\n'));
    console.log(`\nTarget: HTTP p50 ≤ ${TARGET_RATIO}× raw p50.`);
    for (const verdict of verdicts) {
      console.log(`  ${verdict.met ? 'met ' : 'MISS'}  ${verdict.label} = ${verdict.value}`);
    }
    writeVerdicts('api-latency', verdicts);
  } finally {
    http.close();
    await server.close();
  }
} finally {
  await bench.stop();
}
