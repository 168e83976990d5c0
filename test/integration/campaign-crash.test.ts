import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type NodeProcess, spawnNode } from '../support/node-process.ts';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

process.env.CONSENT_TOKEN_SECRET = 'test-consent-secret-0123456789abcdef0123456789';
process.env.PUBLIC_API_URL = 'https://frontoffice.test';
// Slow enough to kill the sender between two batches: 40/s over 4 senders = 5 s per batch of 50.
process.env.CAMPAIGN_MAX_SEND_RATE = '40';

const { invoke } = await import('../support/invoke.ts');
const { busMessage, sqsEvent } = await import('../support/order-fixture.ts');
const { outboxEvents, eventsOf } = await import('../support/outbox.ts');
const { subscribedContact } = await import('../support/subscribed-contact.ts');
const { consume: indexSegments } = await import('../../functions/segment-indexer/segment-indexer.handler.ts');
const { consume: materialise } = await import(
  '../../functions/campaign-materialiser/campaign-materialiser.handler.ts'
);
const { consume: sendBatches } = await import('../../functions/campaign-sender/campaign-sender.handler.ts');
const { SEGMENT_INDEX_EVENTS } = await import('#shared/segments/segment-index.events.ts');
const { CAMPAIGN_MATERIALISE_EVENTS } = await import('#shared/campaigns/campaign.events.ts');
const { confirmSent, sendBatch } = await import('#shared/campaigns/campaign-send.service.ts');
const { SESv2Client } = await import('@aws-sdk/client-sesv2');
const { mailRefFromHeader, MAIL_REF_HEADER } = await import('#shared/mail/mail-ref.ts');
const { setClock } = await import('#shared/platform/clock.ts');
const { createSesEventsEmulator } = await import('#local/ses-events/ses-events-emulator.ts');
const { handler: feedbackHandler } = await import('../../functions/email-feedback/email-feedback.handler.ts');

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const RECIPIENTS = 150;

type StoredMail = Awaited<ReturnType<typeof inbox>>[number] & { headers?: { name: string; value: string }[] };

const running: ChildProcess[] = [];
afterEach(() => {
  setClock();
  for (const child of running.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(async () => {
  await sesLocal.close();
});

/**
 * The sender as its own process against this file's table and SES: it gets every batch message
 * (as SQS hands out again what was not deleted) and prints one line per batch.
 */
const SENDER = `
const { consume } = await import(${JSON.stringify(`${repoRoot}functions/campaign-sender/campaign-sender.handler.ts`)});
const { outboxEvents } = await import(${JSON.stringify(`${repoRoot}test/support/outbox.ts`)});
const { busMessage, sqsEvent } = await import(${JSON.stringify(`${repoRoot}test/support/order-fixture.ts`)});
const batches = (await outboxEvents({ name: 'campaign.batch_ready' })).sort((a, b) => a.data.page - b.data.page);
for (const event of batches) {
  const result = await consume(sqsEvent([busMessage(event)]), {});
  console.log(JSON.stringify({ page: event.data.page, failed: result.batchItemFailures.length }));
}
console.log('sender done');
`;

const spawnSender = (): NodeProcess => {
  const sender = spawnNode(['--input-type=module', '-e', SENDER], {
    ...process.env,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  running.push(sender.child);
  return sender;
};

const waitFor = async (what: string, condition: () => Promise<boolean>, timeoutMs = 240_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const deliverAll = async (names: readonly string[], consume: typeof materialise) => {
  const events = (await outboxEvents()).filter((event) => names.includes(event.name));
  const failures = [];
  for (const event of events.sort((a, b) => a.id.localeCompare(b.id)))
    failures.push(...(await consume(sqsEvent([busMessage(event)]), {} as never)).batchItemFailures);
  return failures;
};

const recipientsIn = async (campaignId: string, status: string): Promise<number> =>
  (await invoke('GET', `/v1/campaigns/${campaignId}/recipients?status=${status}&limit=200`)).json.items
    .length;

describe('campaign sender crash', () => {
  it('leaves every recipient with exactly one mail when the sender is killed halfway and restarted', async () => {
    // Prepare: 150 subscribed members (3 batches), the campaign started and its recipients written
    const emails: string[] = [];
    for (let index = 0; index < RECIPIENTS; index += 10)
      emails.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => (await subscribedContact(['newsletter'])).email),
        )),
      );
    const segment = await invoke('POST', '/v1/segments', {
      body: { name: 'Alle', rule: { all: [{ field: 'language', op: 'eq', value: 'de' }] } },
      role: 'marketing',
    });
    expect(await deliverAll(SEGMENT_INDEX_EVENTS, indexSegments)).toEqual([]);
    const template = await invoke('POST', '/v1/templates', {
      body: {
        name: 'Brief',
        kind: 'marketing',
        variants: {
          de: {
            subject: 'Hallo {{contact.firstName}}',
            html: '<a href="{{{unsubscribeUrl}}}">Abmelden</a>',
            text: 'x {{unsubscribeUrl}}',
          },
        },
      },
      role: 'marketing',
    });
    const campaign = await invoke('POST', '/v1/campaigns', {
      body: { name: 'Crash', segmentId: segment.json.id, templateId: template.json.id },
      role: 'marketing',
    });
    const id = campaign.json.id as string;
    expect((await invoke('POST', `/v1/campaigns/${id}/send`)).status).toBe(202);
    expect(await deliverAll(CAMPAIGN_MATERIALISE_EVENTS, materialise)).toEqual([]);
    expect(await outboxEvents({ name: 'campaign.batch_ready' })).toHaveLength(3);

    // Act 1: a sender dies right after SES accepted the first batch (before it recorded anything)
    const batches = (await outboxEvents({ name: 'campaign.batch_ready' })).sort(
      (a, b) => Number(a.data.page) - Number(b.data.page),
    );
    const dying = new SESv2Client({
      region: 'eu-central-1',
      endpoint: process.env.SES_ENDPOINT,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    dying.middlewareStack.add(
      (next) => async (args) => {
        await next(args);
        throw new Error('The process died after SES accepted the request.');
      },
      { step: 'initialize', name: 'dieAfterSend' },
    );
    await expect(sendBatch(id, batches[0]?.data.contactIds as string[], dying)).rejects.toThrow('died');
    expect(await inbox()).toHaveLength(50);
    expect(await recipientsIn(id, 'sending')).toBe(50);

    // Act 2: the sender process is killed for real after its next batch reached SES, while it
    // holds the claims of the batch after that (waiting for its send rate)
    const crashing = spawnSender();
    await waitFor(
      'a second batch in SES and the third claimed',
      async () => (await recipientsIn(id, 'sent')) >= 50 && (await recipientsIn(id, 'sending')) > 50,
    );
    crashing.child.kill('SIGKILL');
    expect(await crashing.exited).toBe('SIGKILL');
    expect(await inbox()).toHaveLength(100);

    // Act 3: the restarted sender leaves the claims in doubt (younger than the lease) alone
    const restarted = spawnSender();
    expect(await restarted.exited, restarted.output()).toBe(0);
    const failedPages = restarted
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { page: number; failed: number })
      .filter((line) => line.failed > 0)
      .map((line) => line.page);
    expect(failedPages, restarted.output()).toEqual([0, 2]);
    expect(await inbox()).toHaveLength(100);

    // Act 4: the evidence settles the mails that went out: the local SES event publishing (Send and
    // Delivery for every stored mail with a mail reference) through the real email-feedback consumer.
    const sesEvents = await createSesEventsEmulator({ sesUrl: sesLocal.url, consumer: feedbackHandler });
    expect(await sesEvents.pollOnce()).toBe(100);
    await sesEvents.queue.drain();
    expect(sesEvents.queue.dlqDepth()).toBe(0);
    expect(await recipientsIn(id, 'sending')).toBe(50); // the killed batch's claims: no mail, no evidence
    expect(await recipientsIn(id, 'sent')).toBe(100);
    // A late duplicate of the evidence changes nothing.
    const [again] = (await inbox()) as StoredMail[];
    const ref = mailRefFromHeader(again?.headers?.find((header) => header.name === MAIL_REF_HEADER)?.value);
    expect(await confirmSent(id, ref?.contactId as string, again?.messageId as string)).toBe(false);
    // …and after the lease, the batch redelivered sends the claims nobody proved sent
    const later = Date.now() + 11 * 60 * 1000;
    setClock({ now: () => new Date(later) });
    expect(await deliverAll(['campaign.batch_ready'], sendBatches)).toEqual([]);

    // Assess: exactly one mail per recipient, all recorded sent, the campaign sent once
    const mails = (await inbox()).map((mail) => mail.destination.to[0]);
    expect(mails).toHaveLength(RECIPIENTS);
    expect(new Set(mails)).toEqual(new Set(emails));
    expect(await recipientsIn(id, 'sent')).toBe(RECIPIENTS);
    const stats = (await invoke('GET', `/v1/campaigns/${id}/stats`)).json;
    expect(stats).toMatchObject({ recipients: RECIPIENTS, sent: RECIPIENTS, skipped: 0, failed: 0 });
    expect((await invoke('GET', `/v1/campaigns/${id}`)).json.status).toBe('sent');
    expect(await eventsOf(id, 'campaign.sent')).toHaveLength(1);
  }, 360_000);
});
