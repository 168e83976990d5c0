import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sesLocal } from '../support/ses-local-env.ts';

process.env.CONSENT_TOKEN_SECRET = 'test-consent-secret-0123456789abcdef0123456789';
process.env.PUBLIC_API_URL = 'http://frontoffice.test';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { campaignRecipientItem, campaignRecipientKey, campaignStatsKey } = await import(
  '#shared/campaigns/campaign-recipient.entity.ts'
);
const { listUnsubscribeHeaders } = await import('#shared/consent/consent.service.ts');
const { recordCampaignUnsubscribe } = await import('#shared/campaigns/campaign-unsubscribe.ts');
const { handleSesEvent } = await import('#shared/engagement/engagement.service.ts');
const { sesEventDetailSchema } = await import('#shared/engagement/ses-event.schema.ts');
const { mailRefHeader } = await import('#shared/mail/mail-ref.ts');
const { sendMail } = await import('#shared/mail/mailer.ts');
const { getItem } = await import('#shared/platform/db/table.ts');
const { UnitOfWork } = await import('#shared/platform/db/unit-of-work.ts');
const { SYSTEM_ACTOR } = await import('#shared/platform/events/event.ts');
const { newId } = await import('#shared/platform/ids.ts');
const { isSuppressed, suppressionEntries } = await import('#shared/suppressions/suppression.service.ts');
const { createSesEventsEmulator, startSesEventsEmulator } = await import(
  '#local/ses-events/ses-events-emulator.ts'
);
const { emulateSesEvent } = await import('#local/ses-events/ses-event-builder.ts');
const { sesEventCommand } = await import('#local/cli/ses-event-command.ts');
const { consume, handler } = await import('../../functions/email-feedback/email-feedback.handler.ts');
const { invoke } = await import('../support/invoke.ts');
const { outboxEvents, eventsOf } = await import('../support/outbox.ts');
const { subscribedContact } = await import('../support/subscribed-contact.ts');
const { sqsEvent } = await import('../support/order-fixture.ts');

const unique = () => `${crypto.randomUUID()}`;

type Person = { id: string; email: string };

const contact = async (firstName: string, purposes: string[] = []): Promise<Person> => {
  const { id, email } = await subscribedContact(purposes, {
    firstName,
    lastName: 'Muster',
    email: `${firstName.toLowerCase()}.${unique()}@beispiel.example`,
    lifecycleStage: 'lead',
  });
  return { id, email };
};

/** A lead of the contact's address (capture links it to the contact). */
const leadOf = async (person: Person): Promise<{ id: string; score: number }> => {
  const created = await invoke('POST', '/v1/leads', {
    body: { email: person.email, company: 'Muster GmbH' },
  });
  expect(created.json.contactId).toBe(person.id);
  return { id: created.json.id, score: created.json.score };
};

/**
 * Sends a mail the way the campaign sender does (the MailRef header, RFC 8058 headers, a link) and
 * records the recipient as sent with SES's message id.
 */
const sendCampaignMail = async (campaignId: string, person: Person): Promise<string> => {
  const ref = { kind: 'campaign' as const, sourceId: campaignId, contactId: person.id };
  const messageId = await sendMail({
    to: person.email,
    subject: 'Frühjahrsangebot',
    html: '<p>Hallo</p><a href="https://shop.example.de/angebote?utm_source=mail&amp;t=secret">Angebote</a>',
    text: 'Hallo https://shop.example.de/angebote',
    headers: [mailRefHeader(ref), ...(await listUnsubscribeHeaders(person.id, 'newsletter'))],
  });
  if (!messageId) throw new Error('SES local returned no message id');
  await new UnitOfWork(SYSTEM_ACTOR)
    .create(
      campaignRecipientItem({
        campaignId,
        contactId: person.id,
        status: 'sent',
        attempts: 1,
        messageId,
        sentAt: new Date().toISOString(),
      }),
      () => new Error('recipient exists'),
    )
    .commit();
  return messageId;
};

const statsOf = async (campaignId: string) => {
  const item: Record<string, unknown> = (await getItem(campaignStatsKey(campaignId))) ?? {};
  const count = (name: string) => Number(item[name] ?? 0);
  return {
    delivered: count('delivered'),
    opened: count('opened'),
    clicked: count('clicked'),
    bounced: count('bounced'),
    complained: count('complained'),
  };
};

const emailEvents = async () => (await outboxEvents()).filter((event) => event.name.startsWith('email.'));

describe('engagement feedback from SES events', () => {
  const campaignId = newId();
  const people: Person[] = [];
  const messageIds: string[] = [];
  let emulator: Awaited<ReturnType<typeof createSesEventsEmulator>>;
  let lead: { id: string; score: number };

  beforeAll(async () => {
    for (const name of ['Anna', 'Bernd', 'Clara', 'Dieter']) people.push(await contact(name, ['newsletter']));
    lead = await leadOf(people[0] as Person);
    for (const person of people) messageIds.push(await sendCampaignMail(campaignId, person));
    emulator = await createSesEventsEmulator({ sesUrl: sesLocal.url, consumer: handler });
  });

  const deliver = async (
    messageId: string | undefined,
    type: 'delivery' | 'open' | 'click' | 'bounce' | 'complaint',
    extra: { bounceType?: 'Permanent' | 'Transient' } = {},
  ) => {
    await emulator.inject({ messageId: messageId as string, type, ...extra });
    await emulator.queue.drain();
  };

  it('counts each delivery once, also when SES reports it twice', async () => {
    expect(await emulator.pollOnce()).toBe(4);
    await emulator.queue.drain();
    expect(await emulator.pollOnce()).toBe(0);
    await deliver(messageIds[0], 'delivery');

    expect((await statsOf(campaignId)).delivered).toBe(4);
    expect(emulator.queue.dlqDepth()).toBe(0);
    const delivered = await eventsOf((people[0] as Person).id, 'email.delivered');
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.data).toEqual({
      source: 'campaign',
      campaignId,
      sequenceId: null,
      messageId: messageIds[0],
    });
    const recipient = await getItem(campaignRecipientKey(campaignId, (people[0] as Person).id));
    expect(recipient?.deliveredAt).toEqual(expect.any(String));
    expect(recipient?.status).toBe('sent');
  });

  it('counts unique openers and clickers, and scores the clicker’s lead with email_click', async () => {
    await deliver(messageIds[0], 'open');
    await deliver(messageIds[1], 'open');
    await deliver(messageIds[0], 'open');
    await deliver(messageIds[0], 'click');
    await deliver(messageIds[0], 'click');

    expect(await statsOf(campaignId)).toMatchObject({ delivered: 4, opened: 2, clicked: 1 });
    const clicked = await eventsOf((people[0] as Person).id, 'email.clicked');
    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.data).toMatchObject({ linkHost: 'shop.example.de' });
    const history = await invoke('GET', `/v1/leads/${lead.id}/score-history`);
    const rules = history.json.items.map((item: { rule: string }) => item.rule);
    expect(rules).toContain('email-click');
    expect(rules.filter((rule: string) => rule === 'email-click')).toHaveLength(1);
    const after = await invoke('GET', `/v1/leads/${lead.id}`);
    // email-open (1) and email-click (3), each once although the events came twice.
    expect(after.json.score).toBe(lead.score + 4);
  });

  it('suppresses a hard bounce, records a transient one without suppressing', async () => {
    const [, , clara, dieter] = people as [Person, Person, Person, Person];
    await deliver(messageIds[2], 'bounce', { bounceType: 'Permanent' });
    await deliver(messageIds[2], 'bounce', { bounceType: 'Permanent' });
    await deliver(messageIds[3], 'bounce', { bounceType: 'Transient' });

    expect(await isSuppressed(clara.email)).toBe(true);
    expect(await suppressionEntries(clara.email)).toEqual([
      expect.objectContaining({ reason: 'hard_bounce', source: 'ses_event' }),
    ]);
    expect(await isSuppressed(dieter.email)).toBe(false);
    expect((await statsOf(campaignId)).bounced).toBe(2);
    const bounces = [
      ...(await eventsOf(clara.id, 'email.bounced')),
      ...(await eventsOf(dieter.id, 'email.bounced')),
    ];
    expect(bounces.map((event) => event.data.bounceType).sort()).toEqual(['permanent', 'transient']);
    const recipient = await getItem(campaignRecipientKey(campaignId, dieter.id));
    expect(recipient).toMatchObject({ bounceType: 'transient', bouncedAt: expect.any(String) });
  });

  it('suppresses a complaint and changes nothing else (consents, contact, lead score)', async () => {
    const anna = people[0] as Person;
    const before = {
      contact: (await invoke('GET', `/v1/contacts/${anna.id}`)).json,
      purposes: (await invoke('GET', `/v1/contacts/${anna.id}/purposes`)).json,
      lead: (await invoke('GET', `/v1/leads/${lead.id}`)).json,
    };

    await deliver(messageIds[0], 'complaint');

    expect(await suppressionEntries(anna.email)).toEqual([
      expect.objectContaining({ reason: 'complaint', source: 'ses_event' }),
    ]);
    expect((await invoke('GET', `/v1/contacts/${anna.id}`)).json).toEqual(before.contact);
    expect((await invoke('GET', `/v1/contacts/${anna.id}/purposes`)).json).toEqual(before.purposes);
    expect((await invoke('GET', `/v1/leads/${lead.id}`)).json).toEqual(before.lead);
    expect((await statsOf(campaignId)).complained).toBe(1);
    expect(await eventsOf(anna.id, 'email.complained')).toHaveLength(1);
  });

  it('puts no address into any email.* event', async () => {
    const events = await emailEvents();
    expect(events.length).toBeGreaterThanOrEqual(10);
    for (const event of events) {
      expect(JSON.stringify(event)).not.toContain('@');
      expect(JSON.stringify(event)).not.toContain('secret');
    }
  });

  it('shows the campaign interactions in the contact’s 360° view', async () => {
    const anna = people[0] as Person;
    const view = await invoke('GET', `/v1/contacts/${anna.id}/360`);
    expect(view.status, JSON.stringify(view.json)).toBe(200);
    expect(view.json.campaignInteractions).toEqual([
      expect.objectContaining({
        campaignId,
        status: 'sent',
        messageId: messageIds[0],
        deliveredAt: expect.any(String),
        openedAt: expect.any(String),
        clickedAt: expect.any(String),
        complainedAt: expect.any(String),
        bouncedAt: null,
      }),
    ]);
  });

  it('emits email.* for sequence mail without campaign stats, once per engagement', async () => {
    const person = await contact('Erika');
    const sequenceId = newId();
    const messageId = await sendMail({
      to: person.email,
      subject: 'Schritt 1',
      html: '<a href="https://example.de/whitepaper">Whitepaper</a>',
      text: 'Whitepaper',
      headers: [mailRefHeader({ kind: 'sequence', sourceId: sequenceId, contactId: person.id })],
    });
    expect(await emulator.pollOnce()).toBe(1);
    await emulator.queue.drain();
    await deliver(messageId, 'open');
    await deliver(messageId, 'open');

    expect(await eventsOf(person.id, 'email.delivered')).toHaveLength(1);
    const opened = await eventsOf(person.id, 'email.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]?.data).toEqual({ source: 'sequence', campaignId: null, sequenceId, messageId });
    expect(await getItem(campaignStatsKey(sequenceId))).toBeUndefined();
  });

  it('suppresses a hard bounce of mail without a MailRef (transactional) and emits nothing', async () => {
    const email = `transaktional.${unique()}@beispiel.example`;
    const messageId = await sendMail({
      to: email,
      subject: 'Bestellung',
      html: '<p>Danke</p>',
      text: 'Danke',
    });
    const before = (await emailEvents()).length;
    expect(await emulator.pollOnce()).toBe(0); // not campaign or sequence mail: no Send/Delivery emulated
    const event = await emulateSesEvent(sesLocal.url, { messageId: messageId as string, type: 'bounce' });
    expect(await handleSesEvent(sesEventDetailSchema.parse(event.detail))).toBe('suppressed');
    expect(await isSuppressed(email)).toBe(true);
    expect((await emailEvents()).length).toBe(before);
  });

  it('still suppresses a hard bounce of a campaign recipient that no longer exists', async () => {
    const email = `geloescht.${unique()}@beispiel.example`;
    const messageId = await sendMail({
      to: email,
      subject: 'Angebot',
      html: '<p>x</p>',
      text: 'x',
      headers: [mailRefHeader({ kind: 'campaign', sourceId: newId(), contactId: newId() })],
    });
    const event = await emulateSesEvent(sesLocal.url, { messageId: messageId as string, type: 'bounce' });
    expect(await handleSesEvent(sesEventDetailSchema.parse(event.detail))).toBe('unknown-recipient');
    expect(await isSuppressed(email)).toBe(true);
  });

  it('settles a recipient still in doubt through the sender’s confirmSent, once it is proven sent', async () => {
    const person = await contact('Gerd');
    const otherCampaign = newId();
    const messageId = await sendMail({
      to: person.email,
      subject: 'Angebot',
      html: '<p>x</p>',
      text: 'x',
      headers: [mailRefHeader({ kind: 'campaign', sourceId: otherCampaign, contactId: person.id })],
    });
    await new UnitOfWork(SYSTEM_ACTOR)
      .create(
        campaignRecipientItem({
          campaignId: otherCampaign,
          contactId: person.id,
          status: 'sending',
          attempts: 1,
          claimedAt: new Date().toISOString(),
        }),
        () => new Error('exists'),
      )
      .commit();
    const calls: string[][] = [];
    const deps = { confirmSent: async (...args: string[]) => void calls.push(args) };
    const send = await emulateSesEvent(sesLocal.url, { messageId: messageId as string, type: 'delivery' });
    const sendDetail = sesEventDetailSchema.parse({ ...send.detail, eventType: 'Send', send: {} });

    expect(await handleSesEvent(sendDetail, deps)).toBe('confirmed');
    expect(await handleSesEvent(sesEventDetailSchema.parse(send.detail), deps)).toBe('recorded');
    expect(calls).toEqual([
      [otherCampaign, person.id, messageId],
      [otherCampaign, person.id, messageId],
    ]);

    // The sender's own confirmSent settles the recipient with the message id, once.
    expect(await handleSesEvent(sendDetail)).toBe('confirmed');
    expect(await getItem(campaignRecipientKey(otherCampaign, person.id))).toMatchObject({
      status: 'sent',
      messageId,
    });
    expect(await handleSesEvent(sendDetail)).toBe('ignored');
  });

  it('fails unreadable messages (they end in the DLQ) and drops no good one of the batch', async () => {
    const good = await emulateSesEvent(sesLocal.url, { messageId: messageIds[1] as string, type: 'click' });
    const answer = await consume(
      sqsEvent([
        JSON.stringify(good),
        JSON.stringify({ ...good, detail: { eventType: 'Bounce', mail: good.detail.mail } }),
        'not json',
      ]),
      {} as never,
    );
    expect(answer.batchItemFailures).toHaveLength(2);
    expect((await statsOf(campaignId)).clicked).toBe(2);
  });

  it('counts an unsubscribe once per campaign recipient when the caller knows the campaign', async () => {
    const contactId = (people[1] as Person).id;
    const record = async () => {
      const uow = new UnitOfWork(SYSTEM_ACTOR);
      const counted = await recordCampaignUnsubscribe(uow, campaignId, contactId, new Date().toISOString());
      await uow.commit();
      return counted;
    };
    expect(await record()).toBe(true);
    expect(await record()).toBe(false);
    expect((await getItem(campaignStatsKey(campaignId)))?.unsubscribed).toBe(1);
    expect(await getItem(campaignRecipientKey(campaignId, contactId))).toMatchObject({
      unsubscribedAt: expect.any(String),
    });
  });

  it('keeps a checkpoint, so a restarted emulation does not replay mails it already reported', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontoffice-ses-checkpoint-'));
    const bodies: string[] = [];
    const consumer = async (event: { Records: { body: string }[] }) => {
      for (const record of event.Records) bodies.push(record.body);
    };
    const first = await createSesEventsEmulator({ sesUrl: sesLocal.url, consumer, dataDir });
    const reported = await first.pollOnce();
    await first.queue.drain();
    expect(reported).toBeGreaterThanOrEqual(6);
    expect(bodies).toHaveLength(reported * 2);

    const restarted = await createSesEventsEmulator({ sesUrl: sesLocal.url, consumer, dataDir });
    expect(await restarted.pollOnce()).toBe(0);
    const person = people[3] as Person;
    await sendMail({
      to: person.email,
      subject: 'Nachfass',
      html: '<p>x</p>',
      text: 'x',
      headers: [mailRefHeader({ kind: 'sequence', sourceId: newId(), contactId: person.id })],
    });
    expect(await restarted.pollOnce()).toBe(1);
    await restarted.queue.drain();
    expect(bodies.slice(-2).map((body) => JSON.parse(body)['detail-type'])).toEqual([
      'Email Sent',
      'Email Delivered',
    ]);
  });

  it('takes injected events over the local admin endpoint and the ses-event command', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'frontoffice-ses-events-'));
    process.env.FRONTOFFICE_DATA_DIR = dataDir;
    const running = await startSesEventsEmulator({
      sesUrl: sesLocal.url,
      consumer: handler,
      pollIntervalMs: 60_000,
      dataDir,
    });
    try {
      const post = (body: unknown) =>
        fetch(`${running.url}/_local/ses/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const accepted = await post({ messageId: messageIds[3], type: 'open' });
      expect(accepted.status).toBe(202);
      expect(await accepted.json()).toMatchObject({ detailType: 'Email Opened' });
      expect((await post({ messageId: 'ses-unknown', type: 'open' })).status).toBe(404);
      expect((await post({ messageId: messageIds[3], type: 'explode' })).status).toBe(400);
      const status = await fetch(`${running.url}/_local/ses/events`);
      expect(await status.json()).toMatchObject({ queue: 'ses-events', dlqDepth: 0 });
      const redrive = await fetch(`${running.url}/_local/ses/events/redrive`, { method: 'POST' });
      expect(await redrive.json()).toEqual({ queue: 'ses-events', moved: 0 });
      await running.queue.drain();
      expect((await statsOf(campaignId)).opened).toBe(3);

      expect(
        await sesEventCommand([messageIds[3] as string, 'click', '--link', 'https://example.de/preise']),
      ).toBe(0);
      await running.queue.drain();
      expect((await statsOf(campaignId)).clicked).toBe(3);
      await expect(sesEventCommand([messageIds[3] as string, 'explode'])).rejects.toThrow(/Name a mail/);
    } finally {
      await running.stop();
      delete process.env.FRONTOFFICE_DATA_DIR;
    }
    await expect(sesEventCommand([messageIds[3] as string, 'open'])).rejects.toThrow(
      /No running Front Office/,
    );
  });
});
