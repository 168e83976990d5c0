/**
 * Lead capture under load: the public form submission endpoint
 * (`POST /v1/public/forms/{formId}/submissions`) served by the local HTTP server in this process,
 * with the real catalog, against an in-memory DynamoDB Local. One form (allowed origin) is created
 * through the API; then 50 concurrent clients, each with its own keep-alive connection, post
 * submissions in which every email comes back about three times, some of them at the same moment
 * (two copies side by side in the work list go to two clients at once) and one of the three with
 * different letter case (the lead is de-duplicated by the normalised email).
 *
 * Figures: requests/s, p50/p99 latency, errors (anything but 202), and afterwards the number of
 * leads (listed through `GET /v1/leads`, paged) against the number of distinct emails sent, and the
 * submissions the leads count against the submissions accepted.
 */
import { randomBytes } from 'node:crypto';
import { startBenchTable } from './support/local-table.ts';
import { mulberry32 } from './support/random.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { ms, summarise, table } from './support/stats.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const DISTINCT_EMAILS = Number(process.env.BENCH_EMAILS ?? 1_000);
const COPIES = 3;
/** Whatever is reached first: every submission sent, or this much time. */
const BUDGET_MS = 30_000;
const WARMUP = 50;
const ORIGIN = 'https://www.mueller-maschinenbau.de';

// All local clients share 127.0.0.1, so the per-client limit would stop the bench after 60
// submissions; lift it for this process before the platform reads its environment.
process.env.PUBLIC_RATE_LIMIT_PER_MINUTE = '1000000';

/** A small deterministic PRNG (mulberry32): the same work list on every run. */
const random = mulberry32(0x5eed1ead);

const shuffle = <T>(items: T[]): T[] => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
};

type Submission = { email: string; body: Record<string, string> };

/**
 * Every email three times: two copies next to each other (taken by two clients at the same moment:
 * concurrent captures of one person), the third somewhere else in the list, with upper-case letters.
 */
const workList = (runId: string): Submission[] => {
  const units: Submission[][] = [];
  for (let i = 0; i < DISTINCT_EMAILS; i++) {
    const email = `lena.vogel.${runId}.${i}@beispiel-${i % 40}.de`;
    const body = (variant: string) => ({
      email: variant,
      firstName: 'Lena',
      lastName: 'Vogel',
      company: `Beispiel ${i % 40} GmbH`,
      message: 'Bitte um ein Angebot für 3 Lizenzen.',
    });
    units.push([
      { email, body: body(email) },
      { email, body: body(email) },
    ]);
    units.push([{ email, body: body(email.toUpperCase()) }]);
  }
  return shuffle(units).flat();
};

const bench = await startBenchTable();
try {
  const { apiCatalog } = await import('#shared/api-catalog.ts');
  const { startHttpServer } = await import('#local/http/http-server.ts');
  const { createTokenVerifier, signDevToken } = await import('#local/auth/dev-jwt.ts');
  const { dynamoRequests, resetDynamoRequests } = await import('#shared/platform/db/client.ts');
  const { httpClient } = await import('./support/http-client.ts');

  const secret = new Uint8Array(randomBytes(32));
  const server = await startHttpServer({
    port: 0,
    catalog: apiCatalog,
    verifyToken: createTokenVerifier(secret),
    quiet: true,
  });
  const marketing = httpClient(server.url, {
    authorization: `Bearer ${await signDevToken(secret, { role: 'marketing' })}`,
  });
  const analyst = httpClient(server.url, {
    authorization: `Bearer ${await signDevToken(secret, { role: 'analyst' })}`,
  });
  const clients = Array.from({ length: CLIENTS }, () => httpClient(server.url, { origin: ORIGIN }));

  try {
    const created = await marketing.send('POST', '/v1/forms', {
      name: 'Angebotsanfrage',
      allowedOrigins: [ORIGIN],
    });
    if (created.status !== 201) throw new Error(`create form: ${created.status} ${created.body}`);
    const formId: string = JSON.parse(created.body).id;
    const path = `/v1/public/forms/${formId}/submissions`;

    // Warm-up (modules, JIT, connections) with emails of their own, not counted below.
    const warmup = workList(`warm${process.pid}`).slice(0, WARMUP);
    await Promise.all(
      warmup.map((submission, index) =>
        (clients[index % clients.length] ?? marketing).send('POST', path, submission.body),
      ),
    );
    const warmupEmails = new Set(warmup.map((submission) => submission.email)).size;

    // ---- the measured run ----
    const work = workList(`run${process.pid}`);
    const latencies: number[] = [];
    const errors = new Map<string, number>();
    const sentEmails = new Set<string>();
    let accepted = 0;
    let next = 0;
    resetDynamoRequests();
    const started = performance.now();
    const deadline = started + BUDGET_MS;
    await Promise.all(
      clients.map(async (client) => {
        while (next < work.length && performance.now() < deadline) {
          const submission = work[next++] as Submission;
          sentEmails.add(submission.email);
          const sent = performance.now();
          let outcome: string;
          try {
            const answer = await client.send('POST', path, submission.body);
            outcome = String(answer.status);
            if (answer.status !== 202) outcome += ` ${answer.body.slice(0, 120)}`;
          } catch (error) {
            outcome = `network: ${(error as Error).message}`;
          }
          latencies.push(performance.now() - sent);
          if (outcome === '202') accepted += 1;
          else errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const requests = dynamoRequests();

    // ---- afterwards: leads, through the API (gsi4 LEADS partition, paged) ----
    const leads: { email: string; status: string; submissions: number }[] = [];
    let cursor: string | null = null;
    do {
      const page = await analyst.send(
        'GET',
        `/v1/leads?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      if (page.status !== 200) throw new Error(`list leads: ${page.status} ${page.body}`);
      const json = JSON.parse(page.body) as { items: typeof leads; nextCursor: string | null };
      leads.push(...json.items);
      cursor = json.nextCursor;
    } while (cursor);
    const measuredLeads = leads.filter((lead) => sentEmails.has(lead.email));
    const leadEmails = new Set(measuredLeads.map((lead) => lead.email));
    const duplicates = measuredLeads.length - leadEmails.size;
    const missing = [...sentEmails].filter((email) => !leadEmails.has(email)).length;
    const countedSubmissions = measuredLeads.reduce((sum, lead) => sum + lead.submissions, 0);
    const byStatus = new Map<string, number>();
    for (const lead of measuredLeads) byStatus.set(lead.status, (byStatus.get(lead.status) ?? 0) + 1);

    // ---- report ----
    const figures = summarise(latencies);
    const sent = latencies.length;
    const rate = sent / (elapsedMs / 1000);
    const errorCount = sent - accepted;
    const perSubmission = (command: string) => ((requests[command] ?? 0) / Math.max(sent, 1)).toFixed(2);
    console.log(
      `\nLead capture: ${CLIENTS} concurrent keep-alive clients, ${sent} of ${work.length} submissions ` +
        `(${sentEmails.size} distinct emails, each ~${COPIES}× incl. 1 concurrent pair and 1 upper-case copy) ` +
        `in ${(elapsedMs / 1000).toFixed(1)} s, after ${WARMUP} warm-up submissions`,
    );
    console.log(
      table(
        ['requests/s', 'p50', 'p99', 'mean', 'max', 'errors'],
        [
          [
            rate.toFixed(0),
            ms(figures.p50),
            ms(figures.p99),
            ms(figures.mean),
            ms(figures.max),
            String(errorCount),
          ],
        ],
      ),
    );
    for (const [outcome, count] of errors) console.log(`  ${count} × ${outcome}`);
    console.log(
      `\nDynamoDB requests per submission: ${Object.keys(requests)
        .sort()
        .map((command) => `${command.replace(/Command$/, '')} ${perSubmission(command)}`)
        .join(', ')}`,
    );
    console.log(
      `\nLeads afterwards (GET /v1/leads, paged): ${measuredLeads.length} for ${sentEmails.size} distinct emails ` +
        `(${duplicates} duplicates, ${missing} missing; by status: ${[...byStatus]
          .map(([status, count]) => `${status} ${count}`)
          .join(', ')}); ${leads.length - measuredLeads.length} more from the ${warmupEmails} warm-up emails`,
    );
    console.log(
      `Submissions recorded on those leads: ${countedSubmissions} for ${accepted} accepted (202) submissions`,
    );

    const verdicts: Verdict[] = [
      {
        label: 'lead capture: requests/s, p50, p99',
        value: `${rate.toFixed(0)}/s, ${ms(figures.p50)} ms, ${ms(figures.p99)} ms (${CLIENTS} clients)`,
        target: 'reported',
        met: true,
      },
      {
        label: 'lead capture: errors (non-202)',
        value: `${errorCount} of ${sent}`,
        target: '0',
        met: errorCount === 0,
      },
      {
        label: 'lead capture: leads vs distinct emails',
        value: `${measuredLeads.length} vs ${sentEmails.size}`,
        target: 'equal',
        met: measuredLeads.length === sentEmails.size && duplicates === 0 && missing === 0,
      },
      {
        label: 'lead capture: submissions on leads vs 202s',
        value: `${countedSubmissions} vs ${accepted}`,
        target: 'equal',
        met: countedSubmissions === accepted,
      },
    ];
    console.log('');
    for (const verdict of verdicts) {
      console.log(`  ${verdict.met ? 'met ' : 'MISS'}  ${verdict.label} = ${verdict.value}`);
    }
    writeVerdicts('lead-capture', verdicts);
  } finally {
    for (const client of [...clients, marketing, analyst]) client.close();
    await server.close();
  }
} finally {
  await bench.stop();
}
