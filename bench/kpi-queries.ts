/**
 * KPI queries over 1,000,000 generated events (issue 6, Measure). The events (a realistic mix of
 * names, with data shaped like their contracts and ULID-sized ids) are written per day as JSON
 * lines in the lake layout (`events/dt=YYYY-MM-DD/part-….jsonl`), then DuckDB converts the same
 * rows to Parquet (zstd, as the local lake writer does) in the same layout. Every KPI of
 * `analytics/` then runs on both through the same views, in the same run: median of a few runs
 * per KPI, bytes on disk, and the ratios.
 *
 * The year of data covers 2025-07-01..2026-06-30; the KPI period is its last six months
 * [2026-01-01, 2026-07-01), so churn's base window (180 days before) covers the first half.
 *
 * Targets: each KPI ≤ 200 ms on Parquet; Parquet ≥ 3× faster and ≥ 5× smaller than JSON lines.
 * Most KPI time goes into parsing fields out of `data`, which is JSON text in both formats (lake
 * contract), so that part costs the same in both; the extra scan row (events per name, no `data`)
 * shows what the columnar format alone gains.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openLake, sqlString } from '#shared/analytics/duckdb-lake.ts';
import { prepareKpiViews, runKpi } from '#shared/analytics/kpi.ts';
import { KPI_NAMES } from '#shared/analytics/kpi-names.ts';
import { mulberry32 } from './support/random.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { median, ms, table } from './support/stats.ts';

const EVENTS = Number(process.env.BENCH_KPI_EVENTS ?? 1_000_000);
const PARQUET_RUNS = 3;
const JSON_RUNS = 3;
const START = Date.parse('2025-07-01T00:00:00.000Z');
const DAYS = 365;
const PERIOD = { from: '2026-01-01', to: '2026-07-01' };
const CAMPAIGNS = 200;

// Deterministic pseudo-random numbers, so runs compare.
const random = mulberry32(7);
const int = (below: number) => Math.floor(random() * below);
const pick = <T>(values: readonly T[]): T => values[int(values.length)] as T;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A ULID-shaped id (26 characters) drawn from a pool, so ids repeat like real customers do. */
const idPool = (size: number) =>
  Array.from({ length: size }, () => Array.from({ length: 26 }, () => CROCKFORD[int(32)]).join(''));
const contacts = idPool(60_000);
const owners = idPool(25);
const campaigns = idPool(CAMPAIGNS);
const sequences = idPool(20);
const money = (max: number) => ({
  amount: (1 + random() * max).toFixed(2),
  currency: random() < 0.8 ? 'EUR' : pick(['USD', 'GBP', 'CHF']),
});
const messageId = () => `0100019${idPool(1)[0]?.toLowerCase()}-${int(1e9)}-000000`;
const mailSource = () =>
  random() < 0.85
    ? { source: 'campaign', campaignId: pick(campaigns), sequenceId: null }
    : { source: 'sequence', campaignId: null, sequenceId: pick(sequences) };
const ticket = () => ({
  channel: pick(['email', 'phone', 'chat', 'web']),
  category: pick(['billing', 'delivery', 'technical', 'account']),
  priority: pick(['urgent', 'high', 'normal', 'low']),
  team: pick(['support', 'billing', 'tech']),
});

type Generated = { name: string; subjectType: string; subjectId: string; data: Record<string, unknown> };
/** The mix (weights in per mille) and how each event's data looks (its contract's fields). */
const MIX: [number, () => Generated][] = [
  [
    330,
    () => ({
      name: 'email.delivered',
      subjectType: 'contact',
      subjectId: pick(contacts),
      data: { ...mailSource(), messageId: messageId() },
    }),
  ],
  [
    140,
    () => ({
      name: 'email.opened',
      subjectType: 'contact',
      subjectId: pick(contacts),
      data: { ...mailSource(), messageId: messageId() },
    }),
  ],
  [
    50,
    () => ({
      name: 'email.clicked',
      subjectType: 'contact',
      subjectId: pick(contacts),
      data: { ...mailSource(), messageId: messageId(), linkHost: 'shop.example.com' },
    }),
  ],
  [
    80,
    () => ({
      name: 'lead.captured',
      subjectType: 'lead',
      subjectId: idPool(1)[0] as string,
      data: {
        source: pick(['web', 'fair', 'referral', 'import', 'chat']),
        status: 'new',
        score: int(100),
        ownerId: null,
        contactId: null,
        accountId: null,
        returning: random() < 0.15,
      },
    }),
  ],
  [
    60,
    () => ({
      name: 'lead.scored',
      subjectType: 'lead',
      subjectId: pick(contacts),
      data: {
        score: int(100),
        previousScore: int(100),
        rules: ['r-pricing'],
        behaviour: 'page_view',
        status: 'working',
      },
    }),
  ],
  [
    15,
    () => ({
      name: 'lead.converted',
      subjectType: 'lead',
      subjectId: pick(contacts),
      data: {
        contactId: pick(contacts),
        accountId: null,
        opportunityId: pick(contacts),
        contactCreated: true,
        accountCreated: false,
        ownerId: pick(owners),
      },
    }),
  ],
  [
    40,
    () => ({
      name: 'opportunity.stage_changed',
      subjectType: 'opportunity',
      subjectId: pick(contacts),
      data: {
        accountId: pick(contacts),
        contactId: pick(contacts),
        ownerId: pick(owners),
        from: 'qualification',
        to: 'proposal',
        amount: money(20_000),
        probability: '40',
        daysInPreviousStage: int(30),
      },
    }),
  ],
  [
    15,
    () => ({
      name: 'opportunity.won',
      subjectType: 'opportunity',
      subjectId: pick(contacts),
      data: {
        accountId: pick(contacts),
        contactId: pick(contacts),
        ownerId: random() < 0.05 ? null : pick(owners),
        amount: money(50_000),
        daysToClose: int(180),
      },
    }),
  ],
  [
    15,
    () => ({
      name: 'opportunity.lost',
      subjectType: 'opportunity',
      subjectId: pick(contacts),
      data: {
        accountId: pick(contacts),
        contactId: pick(contacts),
        ownerId: pick(owners),
        amount: money(50_000),
        lostReason: pick(['price', 'timing', 'competitor', 'no_budget']),
        lostFrom: 'proposal',
        daysToClose: int(180),
      },
    }),
  ],
  [
    45,
    () => ({
      name: 'order.placed',
      subjectType: 'order',
      subjectId: idPool(1)[0] as string,
      data: {
        quoteId: pick(contacts),
        opportunityId: null,
        contactId: pick(contacts),
        accountId: pick(contacts),
        ownerId: pick(owners),
        net: money(2_000),
        tax: money(300),
        total: money(2_300),
        lineCount: 1 + int(8),
      },
    }),
  ],
  [
    40,
    () => ({
      name: 'ticket.opened',
      subjectType: 'ticket',
      subjectId: pick(contacts),
      data: {
        ...ticket(),
        status: 'new',
        contactId: pick(contacts),
        accountId: null,
        assigneeId: null,
        language: 'de',
        rules: [],
        contactCreated: false,
      },
    }),
  ],
  [
    70,
    () => ({
      name: 'ticket.message_added',
      subjectType: 'ticket',
      subjectId: pick(contacts),
      data: {
        ...ticket(),
        messageId: messageId(),
        direction: 'inbound',
        firstResponse: false,
        attachmentCount: 0,
        deliver: false,
      },
    }),
  ],
  [
    35,
    () => ({
      name: 'ticket.resolved',
      subjectType: 'ticket',
      subjectId: pick(contacts),
      data: {
        ...ticket(),
        assigneeId: pick(owners),
        contactId: pick(contacts),
        firstResponseSeconds: int(20_000),
        handlingSeconds: int(30_000),
        firstContactResolution: random() < 0.6,
        reopenCount: 0,
        breachedFirstResponse: random() < 0.1,
        breachedResolution: random() < 0.15,
      },
    }),
  ],
  [
    15,
    () => ({
      name: 'survey.answered',
      subjectType: 'ticket',
      subjectId: pick(contacts),
      data: {
        surveyId: pick(campaigns),
        csat: random() < 0.8 ? 1 + int(5) : null,
        nps: random() < 0.6 ? int(11) : null,
        category: 'billing',
        team: 'support',
        assigneeId: pick(owners),
      },
    }),
  ],
  [
    15,
    () => ({
      name: 'consent.changed',
      subjectType: 'contact',
      subjectId: pick(contacts),
      data: {
        channel: 'email',
        status: pick(['granted', 'revoked']),
        previousStatus: pick(['granted', 'revoked', null]),
        source: 'unsubscribe-link',
        version: null,
        purpose: pick(['newsletter', 'product-news']),
      },
    }),
  ],
  [
    35,
    () => ({
      name: 'contact.updated',
      subjectType: 'contact',
      subjectId: pick(contacts),
      data: {
        changed: ['lifecycleStage'],
        accountId: null,
        ownerId: pick(owners),
        lifecycleStage: 'customer',
        previousLifecycleStage: 'lead',
      },
    }),
  ],
];
const TOTAL_WEIGHT = MIX.reduce((sum, [weight]) => sum + weight, 0);
const generate = (): Generated => {
  let draw = random() * TOTAL_WEIGHT;
  for (const [weight, make] of MIX) {
    draw -= weight;
    if (draw < 0) return make();
  }
  return (MIX[0] as [number, () => Generated])[1]();
};

const bytesUnder = (dir: string): number =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => statSync(join(dir, file)))
    .filter((stat) => stat.isFile())
    .reduce((sum, stat) => sum + stat.size, 0);
const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);

const root = mkdtempSync(join(tmpdir(), 'frontoffice-kpi-bench-'));
try {
  // 1. JSON lines, one file per day (the campaign sends spread over the year first).
  const generateStart = performance.now();
  const jsonEvents = join(root, 'json', 'events');
  const perDay = Math.ceil(EVENTS / DAYS);
  let written = 0;
  for (let day = 0; day < DAYS && written < EVENTS; day++) {
    const dayStart = START + day * 86_400_000;
    const dt = new Date(dayStart).toISOString().slice(0, 10);
    const count = Math.min(perDay, EVENTS - written);
    const times = Array.from({ length: count }, () => dayStart + int(86_400_000)).sort((a, b) => a - b);
    const lines = times.map((time, index) => {
      const event =
        index === 0 && day % 2 === 0 && day / 2 < CAMPAIGNS
          ? {
              name: 'campaign.sent',
              subjectType: 'campaign',
              subjectId: campaigns[day / 2] as string,
              data: { recipients: 5000, sent: 4980, skipped: 15, failed: 5 },
            }
          : generate();
      return JSON.stringify({
        id: idPool(1)[0],
        name: event.name,
        version: 1,
        occurred_at: new Date(time).toISOString(),
        actor_type: 'system',
        actor_id: 'frontoffice',
        subject_type: event.subjectType,
        subject_id: event.subjectId,
        data: JSON.stringify(event.data),
      });
    });
    mkdirSync(join(jsonEvents, `dt=${dt}`), { recursive: true });
    writeFileSync(join(jsonEvents, `dt=${dt}`, 'part-0.jsonl'), `${lines.join('\n')}\n`);
    written += count;
  }
  const generateSeconds = (performance.now() - generateStart) / 1000;

  // 2. The same rows as Parquet in the lake layout, and the campaign dimension.
  const convertStart = performance.now();
  const lakeDir = join(root, 'lake');
  mkdirSync(lakeDir, { recursive: true });
  const jsonSource = `read_json(${sqlString(join(jsonEvents, '*', '*.jsonl'))}, format = 'newline_delimited', hive_partitioning = true, columns = {id: 'VARCHAR', name: 'VARCHAR', version: 'INTEGER', occurred_at: 'TIMESTAMP', actor_type: 'VARCHAR', actor_id: 'VARCHAR', subject_type: 'VARCHAR', subject_id: 'VARCHAR', data: 'VARCHAR'})`;
  const converter = await DuckDBInstance.create(':memory:');
  const connection = await converter.connect();
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run(
    `COPY (SELECT id, name, version, occurred_at, actor_type, actor_id, subject_type, subject_id, data, CAST(dt AS VARCHAR) AS dt FROM ${jsonSource}) TO ${sqlString(join(lakeDir, 'events'))} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt), FILENAME_PATTERN 'part-{uuid}')`,
  );
  const dimensionDir = join(lakeDir, 'dimensions', 'campaigns', 'dt=2026-06-30');
  mkdirSync(dimensionDir, { recursive: true });
  const dimensionRows = campaigns
    .map(
      (id, index) =>
        `(${sqlString(id)}, 'sent', '${(100 + index * 7.5).toFixed(2)}', ${sqlString(index % 5 === 0 ? 'USD' : 'EUR')}, ${7 + (index % 4) * 7}, TIMESTAMP '2026-06-30 00:00:00')`,
    )
    .join(', ');
  await connection.run(
    `COPY (SELECT id, status, cost, currency, attribution_days, CAST(NULL AS TIMESTAMP) AS sent_at, snapshot_at AS created_at, snapshot_at AS updated_at, snapshot_at FROM (VALUES ${dimensionRows}) AS rows(id, status, cost, currency, attribution_days, snapshot_at)) TO ${sqlString(join(dimensionDir, 'part-0.parquet'))} (FORMAT parquet)`,
  );
  connection.closeSync();
  converter.closeSync();
  const convertSeconds = (performance.now() - convertStart) / 1000;
  const parquetBytes = bytesUnder(join(lakeDir, 'events'));
  const jsonBytes = bytesUnder(jsonEvents);
  console.log(
    `generated ${written} events as JSON lines in ${generateSeconds.toFixed(1)} s, converted to Parquet in ${convertSeconds.toFixed(1)} s`,
  );

  // 3. Every KPI on both: the same views, `events` over Parquet or over the JSON lines.
  const parquetLake = await openLake(lakeDir);
  const jsonLake = await openLake(lakeDir);
  await jsonLake.run(
    `CREATE OR REPLACE VIEW events AS SELECT id, name, version, occurred_at, actor_type, actor_id, subject_type, subject_id, data, CAST(dt AS VARCHAR) AS dt FROM ${jsonSource}`,
  );
  await prepareKpiViews(parquetLake);
  await prepareKpiViews(jsonLake);
  const [parquetCount, jsonCount] = await Promise.all([
    parquetLake.run('SELECT count(*) AS n FROM events'),
    jsonLake.run('SELECT count(*) AS n FROM events'),
  ]);
  if (parquetCount[0]?.n !== written || jsonCount[0]?.n !== written) {
    throw new Error(`lake holds ${parquetCount[0]?.n} / ${jsonCount[0]?.n} events, expected ${written}`);
  }

  const time = async (lake: typeof parquetLake, name: (typeof KPI_NAMES)[number], runs: number) => {
    const samples: number[] = [];
    let rows = 0;
    let answer = '';
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const result = await runKpi(lake, name, PERIOD);
      samples.push(performance.now() - start);
      rows = result.rows.length;
      answer = JSON.stringify(result.rows);
    }
    return { median: median(samples), rows, answer };
  };
  const results: string[][] = [];
  let worstParquet = 0;
  let parquetTotal = 0;
  let jsonTotal = 0;
  let mismatches = 0;
  for (const name of KPI_NAMES) {
    await runKpi(parquetLake, name, PERIOD); // warm-up (metadata, plan caches)
    const parquet = await time(parquetLake, name, PARQUET_RUNS);
    const json = await time(jsonLake, name, JSON_RUNS);
    if (parquet.answer !== json.answer) mismatches++;
    worstParquet = Math.max(worstParquet, parquet.median);
    parquetTotal += parquet.median;
    jsonTotal += json.median;
    results.push([
      name,
      String(parquet.rows),
      ms(parquet.median),
      ms(json.median),
      `${(json.median / parquet.median).toFixed(1)}x`,
    ]);
  }
  // For comparison, a scan that reads no `data`: events per name over the whole year.
  const scanSql = 'SELECT name, count(*) AS events FROM events GROUP BY name';
  const scan = async (lake: typeof parquetLake) => {
    await lake.run(scanSql);
    const samples: number[] = [];
    for (let run = 0; run < JSON_RUNS; run++) {
      const start = performance.now();
      await lake.run(scanSql);
      samples.push(performance.now() - start);
    }
    return median(samples);
  };
  const [parquetScan, jsonScan] = [await scan(parquetLake), await scan(jsonLake)];
  results.push([
    '(scan: events per name, no data)',
    '',
    ms(parquetScan),
    ms(jsonScan),
    `${(jsonScan / parquetScan).toFixed(1)}x`,
  ]);
  parquetLake.close();
  jsonLake.close();
  console.log(table(['KPI', 'rows', 'Parquet ms', 'JSON lines ms', 'speed-up'], results));
  console.log(
    `load average after the queries: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  const sizeRatio = jsonBytes / parquetBytes;
  const speedRatio = jsonTotal / parquetTotal;
  console.log(
    table(
      ['format', 'events', 'MB on disk', 'all KPIs ms (sum of medians)'],
      [
        ['Parquet (zstd)', String(written), mb(parquetBytes), ms(parquetTotal)],
        ['JSON lines', String(written), mb(jsonBytes), ms(jsonTotal)],
      ],
    ),
  );

  const verdicts: Verdict[] = [
    {
      label: `slowest KPI on Parquet, ${written} events`,
      value: `${ms(worstParquet)} ms`,
      target: '≤ 200 ms',
      met: worstParquet <= 200,
    },
    {
      label: 'KPIs Parquet vs JSON lines (sum of medians)',
      value: `${speedRatio.toFixed(1)}x faster`,
      target: '≥ 3x',
      met: speedRatio >= 3,
    },
    {
      label: 'lake bytes Parquet vs JSON lines',
      value: `${sizeRatio.toFixed(1)}x smaller (${mb(parquetBytes)} MB vs ${mb(jsonBytes)} MB)`,
      target: '≥ 5x',
      met: sizeRatio >= 5,
    },
    {
      label: 'KPI answers equal on both formats',
      value: mismatches === 0 ? 'all equal' : `${mismatches} differ`,
      target: 'all equal',
      met: mismatches === 0,
    },
  ];
  writeVerdicts('kpi-queries', verdicts);
} finally {
  if (process.env.BENCH_KPI_KEEP === '1') console.log(`kept the generated lakes in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
