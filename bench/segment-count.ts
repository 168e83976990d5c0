/**
 * Segment count latency at 100,000 contacts. 100,000 generated segment profiles (the indexer's
 * compact per-contact records: stage, language, interests, score, event stats, recent pages) are
 * written straight to DynamoDB Local with BatchWriteItem; three segments of different selectivity
 * are created through the segments handler and built by the indexer's backfill (a Query stream per
 * profile shard, one transaction per member). Then `GET /v1/segments/{id}/count` is called through
 * the handler, and every call is checked to cost exactly one GetItem.
 *
 * Figures: seed time, backfill time per segment (profiles/s), count p50/p99, requests per count.
 */
import { startBenchTable } from './support/local-table.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { ms, summarise, table } from './support/stats.ts';

const PROFILES = Number(process.env.BENCH_SEGMENT_PROFILES ?? 100_000);
const COUNT_CALLS = 500;
const WRITE_PARALLEL = 16;

const bench = await startBenchTable();
try {
  const { BatchWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { dynamo, dynamoRequests, resetDynamoRequests } = await import('#shared/platform/db/client.ts');
  const { tableName } = await import('#shared/platform/db/table.ts');
  const { newId } = await import('#shared/platform/ids.ts');
  const { profileItem } = await import('#shared/segments/segment.entity.ts');
  const { backfillSegment } = await import('#shared/segments/segment-index.service.ts');
  const { invoke } = await import('../test/support/invoke.ts');

  // Deterministic pseudo-random profiles (a linear congruential generator), so runs compare.
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const now = Date.now();
  const daysAgo = (days: number) => new Date(now - days * 86_400_000).toISOString();
  const STAGES = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'inactive'] as const;
  const INTERESTS = ['crm', 'erp', 'cloud', 'security', 'analytics', 'mobile', 'ai', 'support'];
  const profile = () => {
    const pages =
      random() < 0.3
        ? [{ url: pick(['/de/pricing', '/en/pricing', '/blog/crm', '/docs']), at: daysAgo(random() * 60) }]
        : [];
    const events: Record<string, { lastAt: string; count: number }> = {};
    if (pages.length > 0)
      events.page_view = { lastAt: pages[0]?.at ?? daysAgo(1), count: 1 + Math.floor(random() * 10) };
    if (random() < 0.4)
      events['order.placed'] = { lastAt: daysAgo(random() * 400), count: 1 + Math.floor(random() * 3) };
    return profileItem({
      contactId: newId(),
      fields: {
        lifecycleStage: pick(STAGES),
        language: random() < 0.6 ? 'de' : 'en',
        interests: INTERESTS.filter(() => random() < 0.2),
        score: Math.floor(random() * 100),
      },
      events,
      pages,
      version: 1,
      seen: [],
    });
  };

  // Seed
  const seedStart = performance.now();
  let written = 0;
  const writeBatch = async (items: Record<string, unknown>[]) => {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await dynamo.send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (result.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
    }
  };
  while (written < PROFILES) {
    const batches: Record<string, unknown>[][] = [];
    for (let worker = 0; worker < WRITE_PARALLEL && written < PROFILES; worker++) {
      const size = Math.min(25, PROFILES - written);
      batches.push(Array.from({ length: size }, profile));
      written += size;
    }
    await Promise.all(batches.map(writeBatch));
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;
  console.log(`seeded ${PROFILES} profiles in ${seedSeconds.toFixed(1)} s`);

  // Segments, built by the backfill the indexer runs on segment.changed
  const definitions = [
    {
      name: 'German, visited pricing in 30 days',
      rule: {
        all: [
          { field: 'language', op: 'eq', value: 'de' },
          { field: 'event:page_view', op: 'within_days', value: 30, where: { url: { contains: 'pricing' } } },
        ],
      },
    },
    {
      name: 'Customers without an order for 180 days',
      rule: {
        all: [
          { field: 'lifecycleStage', op: 'in', value: ['customer', 'inactive'] },
          { not: { field: 'event:order.placed', op: 'within_days', value: 180 } },
        ],
      },
    },
    {
      name: 'CRM or cloud interest, score over 50',
      rule: {
        all: [
          {
            any: [
              { field: 'interests', op: 'contains', value: 'crm' },
              { field: 'interests', op: 'contains', value: 'cloud' },
            ],
          },
          { field: 'score', op: 'gt', value: 50 },
        ],
      },
    },
  ];
  const builds: string[][] = [];
  const segmentIds: string[] = [];
  let backfillWorst = 0;
  for (const definition of definitions) {
    const created = await invoke('POST', '/v1/segments', { body: definition, role: 'marketing' });
    if (created.status !== 201)
      throw new Error(`create segment: ${created.status} ${JSON.stringify(created.json)}`);
    const id = created.json.id as string;
    segmentIds.push(id);
    const start = performance.now();
    const result = await backfillSegment(id, 1);
    const seconds = (performance.now() - start) / 1000;
    backfillWorst = Math.max(backfillWorst, seconds);
    const count = await invoke('GET', `/v1/segments/${id}/count`, { role: 'analyst' });
    if (count.json.count !== result.added || count.json.state !== 'ready')
      throw new Error(`count ${JSON.stringify(count.json)} after adding ${result.added}`);
    builds.push([
      definition.name,
      String(result.scanned),
      String(result.added),
      seconds.toFixed(1),
      String(Math.round(result.scanned / seconds)),
    ]);
  }
  console.log(table(['segment', 'profiles read', 'members', 'backfill s', 'profiles/s'], builds));

  // Count latency through the handler
  const samples: number[] = [];
  let extraRequests = 0;
  for (let call = 0; call < COUNT_CALLS; call++) {
    const id = segmentIds[call % segmentIds.length] as string;
    resetDynamoRequests();
    const start = performance.now();
    const answer = await invoke('GET', `/v1/segments/${id}/count`, { role: 'analyst' });
    samples.push(performance.now() - start);
    if (answer.status !== 200) throw new Error(`count: ${answer.status}`);
    const requests = dynamoRequests();
    if (requests.GetItemCommand !== 1 || Object.keys(requests).length !== 1) extraRequests++;
  }
  const latency = summarise(samples);
  console.log(
    table(
      ['count calls', 'p50 ms', 'p99 ms', 'max ms'],
      [[String(latency.n), ms(latency.p50), ms(latency.p99), ms(latency.max)]],
    ),
  );

  const verdicts: Verdict[] = [
    {
      label: `segment count p99 at ${PROFILES} contacts`,
      value: `${ms(latency.p99)} ms (p50 ${ms(latency.p50)} ms)`,
      target: '< 50 ms',
      met: latency.p99 < 50,
    },
    {
      label: 'segment count DynamoDB requests',
      value: extraRequests === 0 ? '1 GetItem per call' : `${extraRequests} calls with other requests`,
      target: 'exactly 1 GetItem',
      met: extraRequests === 0,
    },
    {
      label: `segment backfill at ${PROFILES} profiles (slowest of ${definitions.length})`,
      value: `${backfillWorst.toFixed(1)} s`,
      target: '< 120 s',
      met: backfillWorst < 120,
    },
  ];
  writeVerdicts('segment-count', verdicts);
} finally {
  await bench.stop();
}
