import { afterAll, describe, expect, it } from 'vitest';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

process.env.CONSENT_TOKEN_SECRET = 'test-consent-secret-0123456789abcdef0123456789';
process.env.PUBLIC_API_URL = 'https://frontoffice.test';
process.env.CAMPAIGN_MAX_SEND_RATE = '1000';
process.env.SCHEDULER_MODE = 'local';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { invoke } = await import('../support/invoke.ts');
const { busMessage, placeOrder, sqsEvent } = await import('../support/order-fixture.ts');
const { outboxEvents, eventsOf } = await import('../support/outbox.ts');
const { consume: indexSegments } = await import('../../functions/segment-indexer/segment-indexer.handler.ts');
const { consume: materialise } = await import(
  '../../functions/campaign-materialiser/campaign-materialiser.handler.ts'
);
const { consume: sendBatches } = await import('../../functions/campaign-sender/campaign-sender.handler.ts');
const { SEGMENT_INDEX_EVENTS } = await import('#shared/segments/segment-index.events.ts');
const { CAMPAIGN_MATERIALISE_EVENTS } = await import('#shared/campaigns/campaign.events.ts');
const { campaignRecipientKey } = await import('#shared/campaigns/campaign-recipient.entity.ts');
const { dynamo } = await import('#shared/platform/db/client.ts');
const { tableName } = await import('#shared/platform/db/table.ts');
const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
const { createLocalScheduler } = await import('#local/scheduler/scheduler.ts');
const { setClock } = await import('#shared/platform/clock.ts');
const { start: startTarget } = await import('../../functions/campaign-start/campaign-start.handler.ts');
const { createSesEventsEmulator } = await import('#local/ses-events/ses-events-emulator.ts');
const { handler: feedbackHandler } = await import('../../functions/email-feedback/email-feedback.handler.ts');

afterAll(async () => {
  await sesLocal.close();
});

type StoredMail = Awaited<ReturnType<typeof inbox>>[number] & { headers?: { name: string; value: string }[] };

const delivered = new Set<string>();
/** Feeds a consumer every outbox event of these names it has not seen yet, as its queue would. */
const drive = async (
  names: readonly string[],
  consume: (event: ReturnType<typeof sqsEvent>, context: never) => Promise<{ batchItemFailures: unknown[] }>,
) => {
  const events = (await outboxEvents())
    .filter((event) => names.includes(event.name) && !delivered.has(event.id))
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const event of events) {
    const result = await consume(sqsEvent([busMessage(event)]), {} as never);
    expect(result.batchItemFailures, event.name).toEqual([]);
    delivered.add(event.id);
  }
  return events.length;
};
const runPipeline = async () => {
  const started = await drive(CAMPAIGN_MATERIALISE_EVENTS, materialise);
  const batches = await drive(['campaign.batch_ready'], sendBatches);
  return { started, batches };
};

const unique = () => `${crypto.randomUUID()}`;

const contact = async (newsletter: 'granted' | 'revoked' | 'pending' | 'suppressed') => {
  const created = await invoke('POST', '/v1/contacts', {
    body: {
      firstName: 'Petra',
      lastName: `Schulz-${newsletter}`,
      email: `c.${unique()}@beispiel.example`,
      consents: { email: { status: 'granted', source: 'paper_form', version: 'v1' } },
    },
    role: 'marketing',
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const id = created.json.id as string;
  const steps: string[] = newsletter === 'granted' || newsletter === 'suppressed' ? ['granted'] : [];
  if (newsletter === 'revoked') steps.push('granted', 'revoked');
  if (newsletter === 'pending') steps.push('pending');
  for (const status of steps) {
    const set = await invoke('PUT', `/v1/contacts/${id}/purposes/newsletter`, {
      body: { status, source: 'paper_form', wordingVersion: 'v1' },
      role: 'marketing',
    });
    expect(set.status, JSON.stringify(set.json)).toBe(200);
  }
  if (newsletter === 'suppressed') {
    const suppressed = await invoke('POST', '/v1/suppressions', {
      body: { email: created.json.email, reason: 'manual' },
      role: 'marketing',
    });
    expect(suppressed.status, JSON.stringify(suppressed.json)).toBeLessThan(300);
  }
  return { id, email: created.json.email as string };
};

const marketingTemplate = async (kind: 'marketing' | 'transactional' = 'marketing') => {
  const answer = await invoke('POST', '/v1/templates', {
    body: {
      name: `Newsletter ${unique()}`,
      kind,
      language: 'de',
      variants: {
        de: {
          subject: '{{campaign.name}} für {{contact.firstName}}',
          html: '<p>{{contact.salutation}},</p><p>Neues im November.</p><a href="{{{unsubscribeUrl}}}">Abmelden</a>',
          text: '{{contact.salutation}},\nNeues im November.\nAbmelden: {{unsubscribeUrl}}',
        },
        en: {
          subject: '{{campaign.name}} for {{contact.firstName}}',
          html: '<p>{{contact.salutation}},</p><a href="{{{unsubscribeUrl}}}">Unsubscribe</a>',
          text: '{{contact.salutation}},\nUnsubscribe: {{unsubscribeUrl}}',
        },
      },
    },
    role: 'marketing',
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json.id as string;
};

const headerOf = (mail: StoredMail, name: string) =>
  mail.headers?.find((header) => header.name.toLowerCase() === name.toLowerCase())?.value;

const purposeOf = async (contactId: string) =>
  (await invoke('GET', `/v1/contacts/${contactId}/purposes`)).json.items.find(
    (item: { purpose: string }) => item.purpose === 'newsletter',
  )?.status;

describe('campaign send', () => {
  it('sends one mail to each of the 47 consenting members, with one-click unsubscribe, once', async () => {
    // Prepare: 47 with newsletter consent, 1 revoked, 1 suppressed, 1 pending double opt-in
    const allowed = [];
    for (let index = 0; index < 47; index++) allowed.push(await contact('granted'));
    const blocked = [await contact('revoked'), await contact('suppressed'), await contact('pending')];
    const segment = await invoke('POST', '/v1/segments', {
      body: { name: 'Alle deutschsprachigen', rule: { all: [{ field: 'language', op: 'eq', value: 'de' }] } },
      role: 'marketing',
    });
    expect(segment.status, JSON.stringify(segment.json)).toBe(201);
    await drive(SEGMENT_INDEX_EVENTS, indexSegments);
    expect((await invoke('GET', `/v1/segments/${segment.json.id}/count`)).json).toMatchObject({
      count: 50,
      state: 'ready',
    });
    const templateId = await marketingTemplate();

    // A transactional template or a missing segment is refused
    const transactional = await marketingTemplate('transactional');
    const wrongKind = await invoke('POST', '/v1/campaigns', {
      body: { name: 'x', segmentId: segment.json.id, templateId: transactional },
      role: 'marketing',
    });
    expect(wrongKind.status).toBe(422);
    const noSegment = await invoke('POST', '/v1/campaigns', {
      body: { name: 'x', segmentId: templateId, templateId },
      role: 'marketing',
    });
    expect(noSegment.status).toBe(422);
    const bySales = await invoke('POST', '/v1/campaigns', {
      body: { name: 'x', segmentId: segment.json.id, templateId },
      role: 'sales',
    });
    expect(bySales.status).toBe(403);

    const created = await invoke('POST', '/v1/campaigns', {
      body: {
        name: 'Novemberbrief',
        segmentId: segment.json.id,
        templateId,
        costs: { amount: '100', currency: 'EUR' },
      },
      role: 'marketing',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      status: 'draft',
      purpose: 'newsletter',
      attributionDays: 30,
      costs: { amount: '100.00', currency: 'EUR' },
      configurationSetName: `frontoffice-local-campaign-${created.json.id}`,
    });
    const id = created.json.id as string;

    // Act
    const send = await invoke('POST', `/v1/campaigns/${id}/send`, { role: 'marketing' });
    expect(send.status, JSON.stringify(send.json)).toBe(202);
    expect(send.json.status).toBe('sending');
    expect(await runPipeline()).toEqual({ started: 1, batches: 1 });

    // Assess: exactly the 47, each once, with the RFC 8058 headers and the mail ref
    const mails = (await inbox()) as StoredMail[];
    expect(mails).toHaveLength(47);
    expect(new Set(mails.map((mail) => mail.destination.to[0])).size).toBe(47);
    expect(mails.map((mail) => mail.destination.to[0]).sort()).toEqual(allowed.map((c) => c.email).sort());
    for (const mail of mails) {
      expect(headerOf(mail, 'List-Unsubscribe')).toMatch(
        /^<https:\/\/frontoffice\.test\/v1\/public\/unsubscribe\?token=[^>]+>$/,
      );
      expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      const owner = allowed.find((c) => c.email === mail.destination.to[0]);
      expect(headerOf(mail, 'X-FrontOffice-Ref')).toBe(`campaign.${id}.${owner?.id}`);
      expect(mail.subject).toBe('Novemberbrief für Petra');
      expect(mail.body.html).toContain('Guten Tag Petra Schulz-granted');
    }
    const campaign = await invoke('GET', `/v1/campaigns/${id}`, { role: 'sales' });
    expect(campaign.json.status).toBe('sent');
    expect(await eventsOf(id, 'campaign.sent')).toHaveLength(1);
    const stats = await invoke('GET', `/v1/campaigns/${id}/stats`, { role: 'sales_manager' });
    expect(stats.status, JSON.stringify(stats.json)).toBe(200);
    expect(stats.json).toMatchObject({ recipients: 50, sent: 47, skipped: 3, failed: 0, delivered: 0 });
    const skipped = await invoke('GET', `/v1/campaigns/${id}/recipients?status=skipped`);
    expect(
      skipped.json.items.map((r: { contactId: string; reason: string }) => [r.contactId, r.reason]).sort(),
    ).toEqual(
      [
        [blocked[0]?.id, 'no_consent'],
        [blocked[1]?.id, 'suppressed'],
        [blocked[2]?.id, 'no_consent'],
      ].sort(),
    );

    // A second send sends nothing new
    const again = await invoke('POST', `/v1/campaigns/${id}/send`, { role: 'marketing' });
    expect(again.status).toBe(202);
    expect(again.json.status).toBe('sent');
    expect(await runPipeline()).toEqual({ started: 0, batches: 0 });
    expect(await inbox()).toHaveLength(47);

    // One-click unsubscribe from the first mail: that contact only
    const first = mails[0] as StoredMail;
    const url = (headerOf(first, 'List-Unsubscribe') ?? '').slice(1, -1);
    const unsubscribed = await invoke('POST', url.replace('https://frontoffice.test', ''), {
      role: null,
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsubscribed.status, JSON.stringify(unsubscribed.json)).toBe(200);
    const owner = allowed.find((c) => c.email === first.destination.to[0]);
    expect(await purposeOf(owner?.id as string)).toBe('revoked');
    for (const other of allowed.filter((c) => c.id !== owner?.id).slice(0, 10))
      expect(await purposeOf(other.id)).toBe('granted');
    // …counted once for the campaign whose mail carried the link, also when clicked again
    await invoke('POST', url.replace('https://frontoffice.test', ''), {
      role: null,
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const afterUnsubscribe = (await invoke('GET', `/v1/campaigns/${id}/stats`)).json;
    expect(afterUnsubscribe).toMatchObject({ sent: 47, unsubscribed: 1 });

    // Figures: orders within the attribution window after a click count; ROI over the costs
    const clicker = allowed[1] as { id: string; email: string };
    const clickerEmail = clicker.email;
    const clickedAt = '2026-11-02T10:00:00.000Z';
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: campaignRecipientKey(id, clicker.id),
        UpdateExpression: 'SET clickedAt = :at',
        ExpressionAttributeValues: { ':at': clickedAt },
      }),
    );
    const eur = (amount: string) => ({ amount, currency: 'EUR' as const });
    await placeOrder({ contactId: clicker.id, placedAt: '2026-11-05T10:00:00.000Z', net: eur('250.00') });
    await placeOrder({ contactId: clicker.id, placedAt: '2026-12-20T10:00:00.000Z', net: eur('999.00') });
    await placeOrder({ contactId: clicker.id, placedAt: '2026-11-01T10:00:00.000Z', net: eur('999.00') });
    await placeOrder({ contactId: (allowed[2] as { id: string }).id, net: eur('999.00') });
    const figures = (await invoke('GET', `/v1/campaigns/${id}/stats`)).json;
    expect(figures).toMatchObject({
      cost: eur('100.00'),
      attributedRevenue: eur('250.00'),
      roi: 1.5,
      openRate: 0,
      clickRate: 0,
    });

    // Engagement: the SES events of the configuration set (locally emulated: a delivery for every
    // stored mail; opens and clicks injected) → the campaign's counters and rates match them.
    const sesEvents = await createSesEventsEmulator({ sesUrl: sesLocal.url, consumer: feedbackHandler });
    expect(await sesEvents.pollOnce()).toBe(47);
    const others = mails.filter((mail) => mail.destination.to[0] !== clickerEmail);
    const openers = others.slice(1, 11);
    const clickers = others.slice(1, 5);
    for (const mail of [...openers, openers[0] as StoredMail])
      await sesEvents.inject({ messageId: mail.messageId, type: 'open' });
    for (const mail of clickers)
      await sesEvents.inject({
        messageId: mail.messageId,
        type: 'click',
        link: 'https://shop.example/angebot',
      });
    await sesEvents.queue.drain();
    expect(sesEvents.queue.dlqDepth()).toBe(0);
    const engagement = (await invoke('GET', `/v1/campaigns/${id}/stats`)).json;
    expect(engagement).toMatchObject({
      sent: 47,
      delivered: 47,
      opened: 10,
      clicked: 4,
      openRate: Math.round((10 / 47) * 10_000) / 10_000,
      clickRate: Math.round((4 / 47) * 10_000) / 10_000,
    });
  }, 120_000);

  it('keeps drafts editable with If-Match, deletes only drafts, starts on schedule, cancels', async () => {
    const templateId = await marketingTemplate();
    const segment = await invoke('POST', '/v1/segments', {
      body: { name: 'Englisch', rule: { all: [{ field: 'language', op: 'eq', value: 'en' }] } },
      role: 'marketing',
    });
    await drive(SEGMENT_INDEX_EVENTS, indexSegments);
    const english = await invoke('POST', '/v1/contacts', {
      body: {
        firstName: 'Jane',
        lastName: 'Doe',
        language: 'en',
        email: `en.${unique()}@example.com`,
        consents: { email: { status: 'granted', source: 'paper_form', version: 'v1' } },
      },
    });
    await invoke('PUT', `/v1/contacts/${english.json.id}/purposes/product_updates`, {
      body: { status: 'granted', source: 'paper_form', wordingVersion: 'v1' },
    });
    await drive(SEGMENT_INDEX_EVENTS, indexSegments);
    const created = await invoke('POST', '/v1/campaigns', {
      body: { name: 'Draft', segmentId: segment.json.id, templateId, purpose: 'product_updates' },
      role: 'admin',
    });
    const id = created.json.id as string;
    const stale = await invoke('PATCH', `/v1/campaigns/${id}`, {
      body: { name: 'Renamed' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    const renamed = await invoke('PATCH', `/v1/campaigns/${id}`, {
      body: { name: 'Renamed', attributionDays: 7 },
      headers: { 'if-match': '"1"' },
    });
    expect(renamed.json).toMatchObject({ name: 'Renamed', attributionDays: 7, version: 2 });
    const past = await invoke('PATCH', `/v1/campaigns/${id}`, {
      body: { scheduledAt: '2001-01-01T08:00:00Z' },
    });
    expect(past.status).toBe(422);
    // Scheduled, then rescheduled: only the schedule of the time in force starts it
    const scheduled = await invoke('POST', `/v1/campaigns/${id}/schedule`, {
      body: { scheduledAt: '2099-01-01T08:00:00Z' },
    });
    expect(scheduled.json).toMatchObject({ status: 'scheduled', scheduledAt: '2099-01-01T08:00:00.000Z' });
    expect((await invoke('DELETE', `/v1/campaigns/${id}`)).status).toBe(409);
    expect(
      (await invoke('PATCH', `/v1/campaigns/${id}`, { body: { scheduledAt: '2099-01-02T08:00:00Z' } })).json
        .status,
    ).toBe('scheduled');
    let now = Date.parse('2099-01-01T09:00:00Z');
    const clock = { now: () => new Date(now) };
    const timers = createLocalScheduler({ clock, resolveTarget: async () => startTarget });
    expect(await startTarget({ campaignId: id, scheduledAt: '2099-01-01T08:00:00.000Z' })).toEqual({
      outcome: 'stale',
    });
    expect(await timers.tick()).toBe(0);
    now = Date.parse('2099-01-02T08:00:01Z');
    setClock(clock);
    try {
      expect(await timers.tick()).toBe(1);
    } finally {
      setClock();
    }
    expect((await invoke('GET', `/v1/campaigns/${id}`)).json.status).toBe('sending');
    await runPipeline();
    expect((await invoke('GET', `/v1/campaigns/${id}`)).json.status).toBe('sent');
    const mails = ((await inbox()) as StoredMail[]).filter(
      (mail) => mail.destination.to[0] === english.json.email,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Renamed for Jane');
    expect(mails[0]?.body.html).toContain('Dear Jane Doe');

    // Cancel, and delete only drafts
    const other = await invoke('POST', '/v1/campaigns', {
      body: { name: 'Later', segmentId: segment.json.id, templateId, scheduledAt: '2099-03-01T08:00:00Z' },
    });
    expect(other.json.status).toBe('scheduled');
    const cancelled = await invoke('POST', `/v1/campaigns/${other.json.id}/cancel`);
    expect(cancelled.json.status).toBe('cancelled');
    expect((await invoke('POST', `/v1/campaigns/${other.json.id}/send`)).status).toBe(409);
    const listed = await invoke('GET', '/v1/campaigns?status=cancelled', { role: 'sales' });
    expect(listed.json.items.map((c: { id: string }) => c.id)).toEqual([other.json.id]);
    const draft = await invoke('POST', '/v1/campaigns', {
      body: { name: 'Draft 2', segmentId: segment.json.id, templateId },
    });
    expect((await invoke('DELETE', `/v1/campaigns/${draft.json.id}`)).status).toBe(204);
    const openapi = await invoke('GET', '/openapi.json', { role: null });
    expect(Object.keys(openapi.json.paths)).toEqual(
      expect.arrayContaining(['/v1/campaigns', '/v1/campaigns/{id}/send', '/v1/campaigns/{id}/stats']),
    );
    expect((await invoke('GET', `/v1/campaigns/${draft.json.id}`)).status).toBe(404);
  }, 120_000);
});
