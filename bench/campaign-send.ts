/**
 * Campaign send at 10,000 recipients against the local SES (aws-ses-v2-local in its own process,
 * so its mail store does not count as the sender's memory). 10,000 subscribed contacts (contact,
 * newsletter consent, segment membership) are written straight to DynamoDB Local; the campaign is
 * created and started through the handler; the materialiser writes the recipients page by page;
 * then the batches go through the sender, four at a time (the send queue's maxConcurrency), with
 * no rate limit (CAMPAIGN_MAX_SEND_RATE very high: the figure is the pipeline's own throughput).
 *
 * Figures: SendBulkEmail requests (target ceil(N / 50)), recipients per second of the sender,
 * materialisation time, peak RSS and heap of this (the sender's) process, mails in the SES store.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { startBenchTable } from './support/local-table.ts';
import { type Verdict, writeVerdicts } from './support/results.ts';
import { table } from './support/stats.ts';

const RECIPIENTS = Number(process.env.BENCH_CAMPAIGN_RECIPIENTS ?? 10_000);
const CONCURRENCY = 4;
const WRITE_PARALLEL = 16;

/** aws-ses-v2-local in a child process; resolves with its URL. */
const startSesProcess = (): Promise<{ url: string; child: ChildProcess }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { startSesLocal } = await import(${JSON.stringify(new URL('../local/ses-local.ts', import.meta.url).href)});
         const { freePort } = await import(${JSON.stringify(new URL('../local/free-port.ts', import.meta.url).href)});
         const ses = await startSesLocal({ port: await freePort() });
         console.log(ses.url);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    process.once('exit', () => child.kill('SIGKILL'));
    child.stdout?.once('data', (chunk: Buffer) => resolve({ url: chunk.toString().trim(), child }));
    child.once('exit', (code) => reject(new Error(`aws-ses-v2-local exited (${code})`)));
  });

const bench = await startBenchTable();
const ses = await startSesProcess();
Object.assign(process.env, {
  SES_ENDPOINT: ses.url,
  CONSENT_TOKEN_SECRET: 'bench-consent-secret-0123456789abcdef0123456789',
  PUBLIC_API_URL: 'https://frontoffice.bench',
  CAMPAIGN_MAX_SEND_RATE: '1000000',
});
try {
  const { BatchWriteCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  const { dynamo } = await import('#shared/platform/db/client.ts');
  const { tableName } = await import('#shared/platform/db/table.ts');
  const { newId } = await import('#shared/platform/ids.ts');
  const { contactItem } = await import('#shared/contacts/contact.entity.ts');
  const { purposeConsentItem } = await import('#shared/consent/consent.entity.ts');
  const { segmentCountKey, segmentMemberKey } = await import('#shared/segments/segment.entity.ts');
  const { ses: sesClient } = await import('#shared/mail/mailer.ts');
  const { materialiseRecipients, sendBatch } = await import('#shared/campaigns/campaign-send.service.ts');
  const { outboxEvents } = await import('../test/support/outbox.ts');
  const { invoke } = await import('../test/support/invoke.ts');

  // Seed: contacts with newsletter consent, and the members of one built segment
  const segment = await invoke('POST', '/v1/segments', {
    body: { name: 'Newsletter', rule: { all: [{ field: 'lifecycleStage', op: 'eq', value: 'customer' }] } },
    role: 'marketing',
  });
  const segmentId = segment.json.id as string;
  const at = new Date().toISOString();
  const seedStart = performance.now();
  const writeBatch = async (items: Record<string, unknown>[]) => {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    while (pending.length > 0) {
      const result = await dynamo.send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending } }));
      pending = (result.UnprocessedItems?.[tableName()] ?? []) as typeof pending;
    }
  };
  const itemsOf = (index: number) => {
    const id = newId();
    return [
      contactItem({
        id,
        createdAt: at,
        updatedAt: at,
        version: 1,
        firstName: 'Kim',
        lastName: `Nummer ${index}`,
        email: `kim.${index}@bench.example`,
        phone: null,
        jobTitle: null,
        accountId: null,
        ownerId: null,
        lifecycleStage: 'customer',
        // A German/English mix, as the users are: one bilingual SES template keeps it one call per batch.
        language: index % 3 === 2 ? 'en' : 'de',
        interests: [],
        consents: { email: { status: 'granted', source: 'bench', at } },
      }),
      purposeConsentItem(
        {
          contactId: id,
          purpose: 'newsletter',
          channel: 'email',
          status: 'granted',
          source: 'bench',
          at,
          wordingVersion: 'v1',
          ipHash: null,
          version: 1,
        },
        null,
      ),
      { ...segmentMemberKey(segmentId, id), entity: 'segment-member', contactId: id, generation: 1 },
    ];
  };
  // 8 contacts (24 items) per BatchWriteItem of at most 25.
  for (let index = 0; index < RECIPIENTS; index += 8 * WRITE_PARALLEL) {
    const batches: Record<string, unknown>[][] = [];
    for (let worker = 0; worker < WRITE_PARALLEL; worker++) {
      const from = index + worker * 8;
      const to = Math.min(from + 8, RECIPIENTS);
      if (from < to) batches.push(Array.from({ length: to - from }, (_, n) => itemsOf(from + n)).flat());
    }
    await Promise.all(batches.map(writeBatch));
  }
  await dynamo.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: segmentCountKey(segmentId),
      UpdateExpression: 'SET #state = :ready, #count = :count',
      ExpressionAttributeNames: { '#state': 'state', '#count': 'count' },
      ExpressionAttributeValues: { ':ready': 'ready', ':count': RECIPIENTS },
    }),
  );
  console.log(
    `seeded ${RECIPIENTS} subscribed contacts in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  // Campaign, started through the handler
  const template = await invoke('POST', '/v1/templates', {
    body: {
      name: 'Bench',
      kind: 'marketing',
      variants: {
        de: {
          subject: 'Neuigkeiten für {{contact.firstName}}',
          html: '<p>{{contact.salutation}},</p><p>Neues von uns.</p><a href="{{{unsubscribeUrl}}}">Abmelden</a>',
          text: '{{contact.salutation}},\nNeues von uns.\nAbmelden: {{unsubscribeUrl}}',
        },
        en: {
          subject: 'News for {{contact.firstName}}',
          html: '<p>{{contact.salutation}},</p><p>News from us.</p><a href="{{{unsubscribeUrl}}}">Unsubscribe</a>',
          text: '{{contact.salutation}},\nNews from us.\nUnsubscribe: {{unsubscribeUrl}}',
        },
      },
    },
    role: 'marketing',
  });
  const campaign = await invoke('POST', '/v1/campaigns', {
    body: { name: 'Bench', segmentId, templateId: template.json.id },
    role: 'marketing',
  });
  const campaignId = campaign.json.id as string;
  const started = await invoke('POST', `/v1/campaigns/${campaignId}/send`, { role: 'marketing' });
  if (started.status !== 202) throw new Error(`send: ${started.status} ${JSON.stringify(started.json)}`);

  // Materialise
  const materialiseStart = performance.now();
  let pages = 0;
  for (;;) {
    const run = await materialiseRecipients(campaignId);
    pages += run.pages;
    if (run.done) break;
  }
  const materialiseSeconds = (performance.now() - materialiseStart) / 1000;
  const batches = (await outboxEvents({ name: 'campaign.batch_ready', subjectId: campaignId })).map(
    (event) => event.data.contactIds as string[],
  );

  // Send: four senders in parallel; count the SES requests, sample memory
  let bulkRequests = 0;
  sesClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'SendBulkEmailCommand') bulkRequests++;
      return next(args);
    },
    { step: 'initialize', name: 'countBulkRequests' },
  );
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 50);
  const sendStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) {
        const contactIds = batches[next++] as string[];
        await sendBatch(campaignId, contactIds);
      }
    }),
  );
  const sendSeconds = (performance.now() - sendStart) / 1000;
  clearInterval(sampler);
  sample();

  const stats = (await invoke('GET', `/v1/campaigns/${campaignId}/stats`)).json;
  const status = (await invoke('GET', `/v1/campaigns/${campaignId}`)).json.status;
  const store = (await (await fetch(`${ses.url}/store`)).json()) as { emails: unknown[] };
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  const perSecond = Math.round(RECIPIENTS / sendSeconds);
  console.log(
    table(
      [
        'recipients',
        'pages',
        'materialise s',
        'SendBulkEmail',
        'send s',
        'recipients/s',
        'peak RSS MB',
        'peak heap MB',
      ],
      [
        [
          String(RECIPIENTS),
          String(pages),
          materialiseSeconds.toFixed(1),
          String(bulkRequests),
          sendSeconds.toFixed(1),
          String(perSecond),
          mb(peakRss),
          mb(peakHeap),
        ],
      ],
    ),
  );
  console.log(
    `campaign ${status}; stats sent ${stats.sent}, skipped ${stats.skipped}; SES store ${store.emails.length} mails`,
  );

  const expectedRequests = Math.ceil(RECIPIENTS / 50);
  const verdicts: Verdict[] = [
    {
      label: `campaign SendBulkEmail requests for ${RECIPIENTS} recipients`,
      value: String(bulkRequests),
      target: `${expectedRequests} (ceil(N/50))`,
      met: bulkRequests === expectedRequests,
    },
    {
      label: 'campaign mails sent, each once',
      value: `${stats.sent} sent, ${store.emails.length} in SES, campaign ${status}`,
      target: `${RECIPIENTS}, ${RECIPIENTS}, sent`,
      met: stats.sent === RECIPIENTS && store.emails.length === RECIPIENTS && status === 'sent',
    },
    {
      label: 'campaign sender throughput (4 senders, no SES rate limit)',
      value: `${perSecond} recipients/s`,
      target: '> 14/s (the default SES production rate)',
      met: perSecond > 14,
    },
    {
      label: 'campaign sender peak RSS',
      value: `${mb(peakRss)} MB (heap ${mb(peakHeap)} MB)`,
      target: '< 512 MB (the function memory)',
      met: peakRss < 512 * 1024 * 1024,
    },
  ];
  writeVerdicts('campaign-send', verdicts);
} finally {
  ses.child.kill('SIGTERM');
  await bench.stop();
}
