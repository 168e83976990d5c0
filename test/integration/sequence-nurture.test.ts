import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Clock } from '#shared/platform/clock.ts';
import { sesLocal } from '../support/ses-local-env.ts';

process.env.CONSENT_TOKEN_SECRET = 'test-consent-secret-0123456789abcdef0123456789';
process.env.PUBLIC_API_URL = 'http://frontoffice.test';
process.env.SCHEDULER_MODE = 'local';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { createLocalScheduler } = await import('#local/scheduler/scheduler.ts');
const { setClock } = await import('#shared/platform/clock.ts');
const { UnitOfWork } = await import('#shared/platform/db/unit-of-work.ts');
const { SYSTEM_ACTOR } = await import('#shared/platform/events/event.ts');
const { newId } = await import('#shared/platform/ids.ts');
const { clearSettingsCache, writeSetting } = await import('#shared/platform/settings.ts');
const { getItem } = await import('#shared/platform/db/table.ts');
const { scheduleKey } = await import('#shared/platform/scheduler.ts');
const { ses } = await import('#shared/mail/mailer.ts');
const { backfillSegment, refreshProfile } = await import('#shared/segments/segment-index.service.ts');
const { sequenceNotificationsSetting } = await import('#shared/sequences/sequence.settings.ts');
const { stepScheduleName } = await import('#shared/sequences/sequence-runner.service.ts');
const { consume } = await import('../../functions/sequence-events/sequence-events.handler.ts');
const { step } = await import('../../functions/sequence-step/sequence-step.handler.ts');
const { invoke } = await import('../support/invoke.ts');
const { busMessage, placeOrder, sqsEvent } = await import('../support/order-fixture.ts');
const { eventsOf, outboxEvents } = await import('../support/outbox.ts');
const { subscribedContact } = await import('../support/subscribed-contact.ts');

const DAY = 86_400_000;
/** Mon 2026-03-02 09:00 UTC: day 0 of the nurture. */
const T0 = Date.parse('2026-03-02T09:00:00Z');
let now = T0;
const clock: Clock = { now: () => new Date(now) };
const at = (days: number, minutes = 0) => {
  now = T0 + days * DAY + minutes * 60_000;
};
const scheduler = createLocalScheduler({
  clock,
  resolveTarget: async (name) => {
    if (name !== 'sequence-step') throw new Error(`unexpected target ${name}`);
    return step;
  },
});

beforeAll(() => setClock(clock));
afterAll(async () => {
  setClock();
  await sesLocal.close();
});

type StoredMail = {
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
};
const mailsTo = async (email: string): Promise<StoredMail[]> => {
  const response = await fetch(`${sesLocal.url}/store`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  return emails.filter((mail) => mail.destination.to.includes(email));
};
const header = (mail: StoredMail | undefined, name: string) =>
  mail?.headers?.find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.value;

const unique = () => `${crypto.randomUUID()}`;

const createTemplate = async (subject: string) => {
  const answer = await invoke('POST', '/v1/templates', {
    body: {
      name: `Nurture ${subject}`,
      kind: 'marketing',
      language: 'de',
      variants: {
        de: {
          subject,
          html: '<p>{{contact.salutation}},</p><p>Inhalt.</p><p><a href="{{{unsubscribeUrl}}}">Abmelden</a></p>',
          text: '{{contact.salutation}},\nInhalt.\nAbmelden: {{unsubscribeUrl}}',
        },
      },
    },
    role: 'marketing',
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json.id as string;
};

/** A contact with email consent and the marketing purpose granted, as staff record them. */
const marketingContact = (extra: Record<string, unknown> = {}) => subscribedContact(['marketing'], extra);

/** A lead of the contact (linked by its email). */
const leadOf = async (email: string, extra: Record<string, unknown> = {}) => {
  const created = await invoke('POST', '/v1/leads', { body: { email, ...extra }, role: 'marketing' });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return created.json as { id: string; contactId: string | null };
};

/** Records a behaviour and delivers the events it caused to the sequence runner (at least once). */
const behave = async (leadId: string, type: string, deliveries = 1, concurrently = false) => {
  const before = new Set((await eventsOf(leadId)).map((event) => event.id));
  const answer = await invoke('POST', `/v1/leads/${leadId}/events`, { body: { type }, role: 'marketing' });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  const fresh = (await eventsOf(leadId)).filter((event) => !before.has(event.id));
  const deliver = async () => {
    const result = await consume(sqsEvent(fresh.map(busMessage)), {} as never);
    expect(result.batchItemFailures).toEqual([]);
  };
  if (concurrently) await Promise.all(Array.from({ length: deliveries }, deliver));
  else for (let round = 0; round < deliveries; round++) await deliver();
  return fresh;
};

const createSequence = async (body: Record<string, unknown>) => {
  const answer = await invoke('POST', '/v1/sequences', { body, role: 'marketing' });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string; version: number };
};

const enrollmentOf = async (sequenceId: string, contactId: string) =>
  invoke('GET', `/v1/sequences/${sequenceId}/enrollments/${contactId}`, { role: 'analyst' });

let templates: string[] = [];
let nurture: { id: string };

describe('whitepaper nurture', () => {
  beforeAll(async () => {
    at(0);
    templates = [
      await createTemplate('Ihr Whitepaper'),
      await createTemplate('Drei Tipps zum Whitepaper'),
      await createTemplate('Zeit für ein Gespräch?'),
    ];
    nurture = await createSequence({
      name: 'Whitepaper nurture',
      status: 'active',
      trigger: { type: 'event', event: 'lead.scored', behaviour: 'whitepaper_download' },
      steps: [
        { type: 'mail', templateId: templates[0], purpose: 'marketing' },
        { type: 'wait', days: 3 },
        { type: 'mail', templateId: templates[1], purpose: 'marketing' },
        { type: 'wait', days: 7 },
        { type: 'mail', templateId: templates[2], purpose: 'marketing' },
      ],
      exit: { on: ['demo_request', 'lead_converted', 'unsubscribed', 'became_customer'] },
    });
  });

  it('enrolls on a whitepaper download, mails on day 0 and 3, exits on a demo request, never enrolls twice', async () => {
    // Prepare
    at(0);
    const contact = await marketingContact();
    const lead = await leadOf(contact.email);
    expect(lead.contactId).toBe(contact.id);

    // Act 1: day 0, the whitepaper download
    await behave(lead.id, 'whitepaper_download');

    // Assess 1: enrolled, mail 1 with the unsubscribe headers and the sequence reference
    const enrolled = await enrollmentOf(nurture.id, contact.id);
    expect(enrolled.json).toMatchObject({
      status: 'active',
      currentStep: 2,
      nextRunAt: new Date(T0 + 3 * DAY).toISOString(),
      exitReason: null,
    });
    expect(enrolled.json.history.map((h: { outcome: string }) => h.outcome)).toEqual(['sent', 'waited']);
    let mails = await mailsTo(contact.email);
    expect(mails.map((mail) => mail.subject)).toEqual(['Ihr Whitepaper']);
    expect(header(mails[0], 'List-Unsubscribe')).toMatch(
      /^<http:\/\/frontoffice\.test\/v1\/public\/unsubscribe\?token=/,
    );
    expect(header(mails[0], 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(header(mails[0], 'X-FrontOffice-Ref')).toBe(`sequence.${nurture.id}.${contact.id}`);

    // Act 2: a second download on day 1 (a new lead.scored), delivered twice
    at(1);
    await behave(lead.id, 'whitepaper_download', 2);

    // Assess 2: still one enrollment, no extra mail; nothing due yet on day 2
    const enrolledEvents = (await outboxEvents({ name: 'sequence.enrolled' })).filter(
      (e) => e.data.contactId === contact.id,
    );
    expect(enrolledEvents).toHaveLength(1);
    at(2, 23 * 60);
    expect(await scheduler.tick()).toBe(0);
    expect(await mailsTo(contact.email)).toHaveLength(1);

    // Act 3: day 3, the wait is over
    at(3, 1);
    expect(await scheduler.tick()).toBe(1);

    // Assess 3
    mails = await mailsTo(contact.email);
    expect(mails.map((mail) => mail.subject)).toEqual(['Ihr Whitepaper', 'Drei Tipps zum Whitepaper']);

    // Act 4: day 4, a demo request
    at(4);
    await behave(lead.id, 'demo_request');

    // Assess 4: exited with the reason; its pending schedule is gone
    const exited = await enrollmentOf(nurture.id, contact.id);
    expect(exited.json).toMatchObject({ status: 'exited', exitReason: 'demo_request', nextRunAt: null });
    expect(await getItem(scheduleKey(stepScheduleName(exited.json.id, 4)))).toBeUndefined();

    // Act 5: day 10 passes; a late download after the exit
    at(10, 5);
    expect(await scheduler.tick()).toBe(0);
    expect(await step({ sequenceId: nurture.id, contactId: contact.id })).toEqual({ outcome: 'ended' });
    await behave(lead.id, 'whitepaper_download');

    // Assess 5: mail 3 never sent, no re-entry
    expect((await mailsTo(contact.email)).map((mail) => mail.subject)).toEqual([
      'Ihr Whitepaper',
      'Drei Tipps zum Whitepaper',
    ]);
    const list = await invoke('GET', `/v1/sequences/${nurture.id}/enrollments`, { role: 'analyst' });
    expect(list.json.items.filter((e: { contactId: string }) => e.contactId === contact.id)).toHaveLength(1);
    const view = await invoke('GET', `/v1/contacts/${contact.id}/sequence-enrollments`, { role: 'sales' });
    expect(view.json.items).toEqual([expect.objectContaining({ sequenceId: nurture.id, status: 'exited' })]);
    const view360 = await invoke('GET', `/v1/contacts/${contact.id}/360`, { role: 'sales' });
    expect(view360.status, JSON.stringify(view360.json)).toBe(200);
    expect(view360.json.sequenceEnrollments).toEqual([
      expect.objectContaining({ sequenceId: nurture.id, exitReason: 'demo_request' }),
    ]);
  });

  it('mails on days 0, 3 and 10 exactly once each, even when schedules and events are delivered twice', async () => {
    // Prepare
    at(0);
    const contact = await marketingContact({ language: 'en' });
    const lead = await leadOf(contact.email);

    // Act: day 0 (the event delivered three times at once), day 3 (schedule fired, then again), day 10 likewise
    await behave(lead.id, 'whitepaper_download', 3, true);
    at(3, 1);
    expect(await scheduler.tick()).toBe(1);
    expect(await step({ sequenceId: nurture.id, contactId: contact.id })).toEqual({ outcome: 'waiting' });
    at(10, 2);
    expect(await scheduler.tick()).toBe(1);
    expect(await step({ sequenceId: nurture.id, contactId: contact.id })).toEqual({ outcome: 'ended' });
    expect(await scheduler.tick()).toBe(0);

    // Assess: three mails, once each (the template has no English variant: its default language)
    const mails = await mailsTo(contact.email);
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Ihr Whitepaper',
      'Drei Tipps zum Whitepaper',
      'Zeit für ein Gespräch?',
    ]);
    const done = await enrollmentOf(nurture.id, contact.id);
    expect(done.json).toMatchObject({ status: 'completed', currentStep: 5, exitReason: null });
    expect(done.json.history.map((h: { step: number; outcome: string }) => `${h.step}:${h.outcome}`)).toEqual(
      ['0:sent', '1:waited', '2:sent', '3:waited', '4:sent'],
    );
    const executed = (await outboxEvents({ name: 'sequence.step_executed' })).filter(
      (event) => event.data.contactId === contact.id,
    );
    expect(executed).toHaveLength(5);
    expect(
      (await outboxEvents({ name: 'sequence.enrolled' })).filter(
        (event) => event.data.contactId === contact.id,
      ),
    ).toHaveLength(1);
  });

  it('skips the mail of a contact without consent and goes on', async () => {
    // Prepare: email consent, but the marketing purpose never granted
    at(0);
    const email = `x.${unique()}@beispiel.example`;
    const created = await invoke('POST', '/v1/contacts', {
      body: { firstName: 'Xaver', lastName: 'Xu', email },
      role: 'marketing',
    });
    const lead = await leadOf(email);

    // Act
    await behave(lead.id, 'whitepaper_download');

    // Assess
    const enrollment = await enrollmentOf(nurture.id, created.json.id);
    expect(enrollment.json.status).toBe('active');
    expect(enrollment.json.history[0]).toMatchObject({ outcome: 'skipped', detail: 'no_consent' });
    expect(await mailsTo(email)).toHaveLength(0);
  });
});

describe('sequence definitions', () => {
  it('refuses unknown or transactional templates, empty sequences and backward jumps', async () => {
    const transactional = await invoke('POST', '/v1/templates', {
      body: {
        name: 'Transactional',
        kind: 'transactional',
        variants: { de: { subject: 'Hallo', html: '<p>Hallo</p>', text: 'Hallo' } },
      },
      role: 'marketing',
    });
    expect(transactional.status).toBe(201);
    const base = {
      name: 'Bad',
      trigger: { type: 'event', event: 'lead.scored', behaviour: 'whitepaper_download' },
    };
    const unknown = await invoke('POST', '/v1/sequences', {
      body: { ...base, steps: [{ type: 'mail', templateId: newId(), purpose: 'marketing' }] },
      role: 'marketing',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe('steps.0.templateId');
    const wrongKind = await invoke('POST', '/v1/sequences', {
      body: { ...base, steps: [{ type: 'mail', templateId: transactional.json.id, purpose: 'marketing' }] },
      role: 'marketing',
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.json.errors[0].message).toMatch(/marketing/);
    const empty = await invoke('POST', '/v1/sequences', { body: { ...base, steps: [] }, role: 'marketing' });
    expect(empty.status).toBe(400);
    const backwards = await invoke('POST', '/v1/sequences', {
      body: {
        ...base,
        steps: [
          { type: 'mail', templateId: newId(), purpose: 'marketing' },
          {
            type: 'condition',
            rule: { all: [{ field: 'score', op: 'gt', value: 10 }] },
            onMiss: { skipTo: 0 },
          },
        ],
      },
      role: 'marketing',
    });
    expect(backwards.status).toBe(400);
    const forbidden = await invoke('POST', '/v1/sequences', {
      body: { ...base, steps: [{ type: 'wait', days: 1 }] },
      role: 'sales',
    });
    expect(forbidden.status).toBe(403);
  });

  it('freezes the steps of an active sequence and honours If-Match', async () => {
    const template = await createTemplate('Frozen');
    const sequence = await createSequence({
      name: 'Frozen',
      status: 'active',
      trigger: { type: 'event', event: 'lead.captured' },
      steps: [{ type: 'mail', templateId: template, purpose: 'newsletter' }],
    });
    const steps = [
      { type: 'wait', days: 1 },
      { type: 'mail', templateId: template, purpose: 'newsletter' },
    ];
    const frozen = await invoke('PATCH', `/v1/sequences/${sequence.id}`, {
      body: { steps },
      role: 'marketing',
    });
    expect(frozen.status).toBe(409);
    const stale = await invoke('PATCH', `/v1/sequences/${sequence.id}`, {
      body: { status: 'paused' },
      headers: { 'if-match': '"7"' },
      role: 'marketing',
    });
    expect(stale.status).toBe(412);
    const paused = await invoke('PATCH', `/v1/sequences/${sequence.id}`, {
      body: { status: 'paused' },
      headers: { 'if-match': `"${sequence.version}"` },
      role: 'marketing',
    });
    expect(paused.status).toBe(200);
    const changed = await invoke('PATCH', `/v1/sequences/${sequence.id}`, {
      body: { steps },
      role: 'marketing',
    });
    expect(changed.status).toBe(200);
    expect(changed.json.steps).toHaveLength(2);
  });
});

describe('MQL handoff', () => {
  it('gives the owner of a nurtured lead that becomes an MQL one task and one mail', async () => {
    // Prepare: an owner directory, a sequence that keeps nurturing after a demo request
    at(20);
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    writeSetting(
      uow,
      sequenceNotificationsSetting.name,
      { owners: { 'user-sales-7': { email: 'owner7@example.com', language: 'de' } }, fallback: null },
      undefined,
    );
    await uow.commit();
    clearSettingsCache();
    const template = await createTemplate('MQL nurture');
    const sequence = await createSequence({
      name: 'MQL nurture',
      status: 'active',
      trigger: { type: 'event', event: 'lead.scored', behaviour: 'whitepaper_download' },
      steps: [
        { type: 'mail', templateId: template, purpose: 'marketing' },
        { type: 'wait', days: 5 },
        { type: 'mail', templateId: template, purpose: 'marketing' },
      ],
      exit: { on: ['lead_converted'] },
    });
    const contact = await marketingContact();
    const lead = await leadOf(contact.email, { ownerId: 'user-sales-7' });
    const ownerMailsBefore = (await mailsTo('owner7@example.com')).length;

    // Act: whitepaper (10) enrolls; a demo request (30) and a trial (25) cross the threshold of 50
    await behave(lead.id, 'whitepaper_download');
    await behave(lead.id, 'demo_request');
    const events = await behave(lead.id, 'trial_signup', 2);
    expect(events.map((event) => event.name)).toContain('lead.qualified');

    // Assess: one task due tomorrow, linked to lead and contact, owned by the lead's owner; one mail
    const tasks = await invoke('GET', `/v1/activities?leadId=${lead.id}&type=task`, { role: 'sales' });
    expect(tasks.json.items).toEqual([
      expect.objectContaining({
        type: 'task',
        leadId: lead.id,
        contactId: contact.id,
        ownerId: 'user-sales-7',
        dueAt: new Date(now + DAY).toISOString(),
      }),
    ]);
    const ownerMails = await mailsTo('owner7@example.com');
    expect(ownerMails).toHaveLength(ownerMailsBefore + 1);
    expect(ownerMails.at(-1)?.subject).toContain('MQL nurture');
    const enrollment = await enrollmentOf(sequence.id, contact.id);
    expect(enrollment.json.handoffAt).toBe(new Date(now).toISOString());
    expect(await eventsOf(enrollment.json.id, 'sequence.handoff')).toHaveLength(1);
  });
});

describe('reactivation example', () => {
  it('enrolls a customer whose last order is 181 days old through the daily job, not one of 179 days', async () => {
    // Prepare: two customers with their last order 181 and 179 days ago
    at(400);
    const lapsed = await marketingContact({ lifecycleStage: 'customer', ownerId: 'user-sales-7' });
    const recent = await marketingContact({ lifecycleStage: 'customer' });
    for (const [contact, days] of [
      [lapsed, 181],
      [recent, 179],
    ] as const) {
      await refreshProfile(contact.id, {
        eventId: newId(),
        behaviour: { type: 'order.placed', at: new Date(now - days * DAY).toISOString() },
      });
    }
    const example = await invoke('POST', '/v1/sequences/examples/reactivation', {
      body: {},
      role: 'marketing',
    });
    expect(example.status, JSON.stringify(example.json)).toBe(201);
    const { sequence, segmentId } = example.json;
    expect(sequence.status).toBe('draft');
    expect(await backfillSegment(segmentId, 1)).toMatchObject({ added: 1 });
    const activated = await invoke('PATCH', `/v1/sequences/${sequence.id}`, {
      body: { status: 'active' },
      role: 'marketing',
    });
    expect(activated.status).toBe(200);

    // Act 1: the daily job, twice
    expect(await step({ daily: true })).toMatchObject({ enrolled: 1 });
    expect(await step({ daily: true })).toMatchObject({ enrolled: 0 });

    // Assess 1: only the lapsed customer, mailed "Wir vermissen Sie"
    const list = await invoke('GET', `/v1/sequences/${sequence.id}/enrollments`, { role: 'analyst' });
    expect(list.json.items.map((e: { contactId: string }) => e.contactId)).toEqual([lapsed.id]);
    expect((await mailsTo(lapsed.email)).map((mail) => mail.subject)).toEqual(['Wir vermissen Sie']);
    expect(await mailsTo(recent.email)).toHaveLength(0);

    // Act 2: a day later the recent one crosses 180 days; a week later the lapsed one gets the offer
    at(401, 1);
    expect(await step({ daily: true })).toMatchObject({ enrolled: 1 });
    at(407, 2);
    expect(await scheduler.tick()).toBeGreaterThanOrEqual(1);

    // Assess 2: offer mailed, owner task created, enrollment completed
    expect((await mailsTo(lapsed.email)).map((mail) => mail.subject)).toEqual([
      'Wir vermissen Sie',
      'Ein Angebot für Ihre Rückkehr',
    ]);
    const done = await enrollmentOf(sequence.id, lapsed.id);
    expect(done.json).toMatchObject({ status: 'completed' });
    const tasks = await invoke('GET', `/v1/activities?contactId=${lapsed.id}&type=task`, { role: 'sales' });
    expect(tasks.json.items).toEqual([expect.objectContaining({ ownerId: 'user-sales-7', type: 'task' })]);
  });

  it('exits a reactivation enrollment when the customer orders', async () => {
    at(500);
    const customer = await marketingContact({ lifecycleStage: 'customer' });
    const template = await createTemplate('Comeback');
    const sequence = await createSequence({
      name: 'Comeback',
      status: 'active',
      trigger: { type: 'event', event: 'lead.captured' },
      steps: [
        { type: 'mail', templateId: template, purpose: 'marketing' },
        { type: 'wait', days: 7 },
        { type: 'mail', templateId: template, purpose: 'marketing' },
      ],
      exit: { on: ['order_placed'] },
    });
    const lead = await leadOf(customer.email);
    const captured = (await eventsOf(lead.id, 'lead.captured')).map(busMessage);
    expect((await consume(sqsEvent(captured), {} as never)).batchItemFailures).toEqual([]);
    expect((await enrollmentOf(sequence.id, customer.id)).json.status).toBe('active');

    // Act: an order
    const { event } = await placeOrder({ contactId: customer.id });
    expect((await consume(sqsEvent([busMessage(event)]), {} as never)).batchItemFailures).toEqual([]);

    // Assess
    expect((await enrollmentOf(sequence.id, customer.id)).json).toMatchObject({
      status: 'exited',
      exitReason: 'order_placed',
    });
  });
});

describe('steps and exits', () => {
  it('updates the contact, jumps on a condition, and exits when the purpose is revoked', async () => {
    // Prepare
    at(600);
    const template = await createTemplate('Mixed');
    const sequence = await createSequence({
      name: 'Mixed',
      status: 'active',
      trigger: { type: 'event', event: 'lead.captured' },
      steps: [
        { type: 'mail', templateId: template, purpose: 'marketing' },
        { type: 'update', field: 'interests', value: 'ERP' },
        {
          type: 'condition',
          rule: { all: [{ field: 'interests', op: 'contains', value: 'erp' }] },
          onMatch: { skipTo: 4 },
        },
        { type: 'mail', templateId: template, purpose: 'marketing' },
        { type: 'wait', days: 2 },
        { type: 'mail', templateId: template, purpose: 'marketing' },
      ],
      exit: { on: ['unsubscribed'] },
    });
    const contact = await marketingContact();
    const lead = await leadOf(contact.email);

    // Act 1: the capture enrolls
    const captured = (await eventsOf(lead.id, 'lead.captured')).map(busMessage);
    expect((await consume(sqsEvent(captured), {} as never)).batchItemFailures).toEqual([]);

    // Assess 1: mail, update, jump over step 3 to the wait
    const running = await enrollmentOf(sequence.id, contact.id);
    expect(
      running.json.history.map((h: { step: number; outcome: string }) => `${h.step}:${h.outcome}`),
    ).toEqual(['0:sent', '1:updated', '2:matched', '4:waited']);
    expect(running.json).toMatchObject({ status: 'active', currentStep: 5 });
    const updated = await invoke('GET', `/v1/contacts/${contact.id}`, { role: 'sales' });
    expect(updated.json.interests).toEqual(['ERP']);
    expect(await eventsOf(contact.id, 'contact.updated')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ changed: ['interests'] }) }),
    ]);

    // Act 2: the contact withdraws the marketing purpose
    const revoked = await invoke('PUT', `/v1/contacts/${contact.id}/purposes/marketing`, {
      body: { status: 'revoked', source: 'phone', wordingVersion: 'v1' },
      role: 'marketing',
    });
    expect(revoked.status, JSON.stringify(revoked.json)).toBe(200);
    const consent = (await eventsOf(contact.id, 'consent.changed')).filter(
      (e) => e.data.status === 'revoked',
    );
    expect((await consume(sqsEvent(consent.map(busMessage)), {} as never)).batchItemFailures).toEqual([]);

    // Assess 2: exited, nothing due any more
    expect((await enrollmentOf(sequence.id, contact.id)).json).toMatchObject({
      status: 'exited',
      exitReason: 'unsubscribed',
    });
    expect(await getItem(scheduleKey(stepScheduleName(running.json.id, 5)))).toBeUndefined();
  });
});

describe('failures', () => {
  it('finishes a first run that failed at SES when the trigger is redelivered, mailing once', async () => {
    // Prepare
    at(700);
    const template = await createTemplate('Retry');
    const sequence = await createSequence({
      name: 'Retry',
      status: 'active',
      trigger: { type: 'event', event: 'lead.scored', behaviour: 'webinar_attended' },
      steps: [
        { type: 'mail', templateId: template, purpose: 'marketing' },
        { type: 'wait', days: 1 },
        { type: 'mail', templateId: template, purpose: 'marketing' },
      ],
    });
    const contact = await marketingContact();
    const lead = await leadOf(contact.email);
    const recorded = await invoke('POST', `/v1/leads/${lead.id}/events`, {
      body: { type: 'webinar_attended' },
      role: 'marketing',
    });
    expect(recorded.status).toBe(201);
    const scored = (await eventsOf(lead.id, 'lead.scored')).map(busMessage);

    // Act 1: SES fails during the first run
    const failing = vi.spyOn(ses, 'send').mockRejectedValueOnce(new Error('SES is down'));
    const first = await consume(sqsEvent(scored), {} as never);
    failing.mockRestore();

    // Assess 1: the record fails (SQS redelivers); enrolled, nothing sent, nothing recorded
    expect(first.batchItemFailures).toHaveLength(1);
    const stuck = await enrollmentOf(sequence.id, contact.id);
    expect(stuck.json).toMatchObject({ status: 'active', currentStep: 0, nextRunAt: null, history: [] });
    expect(await mailsTo(contact.email)).toHaveLength(0);

    // Act 2: the redelivery
    expect((await consume(sqsEvent(scored), {} as never)).batchItemFailures).toEqual([]);

    // Assess 2: mail 1 once, waiting for step 2
    expect(await mailsTo(contact.email)).toHaveLength(1);
    expect((await enrollmentOf(sequence.id, contact.id)).json).toMatchObject({
      status: 'active',
      currentStep: 2,
    });
  });
});
