import { afterAll, describe, expect, it } from 'vitest';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { consume } = await import('../../functions/order-mailer/order-mailer.handler.ts');
const { invoke } = await import('../support/invoke.ts');
const { busMessage, placeOrder, sqsEvent } = await import('../support/order-fixture.ts');
const { outboxEvents } = await import('../support/outbox.ts');
const { isSuppressed } = await import('#shared/suppressions/suppression.service.ts');
const { emailHash, suppressionQuery } = await import('#shared/suppressions/suppression.entity.ts');
const { queryPage } = await import('#shared/platform/db/table.ts');
const { canSend } = await import('#shared/consent/can-send.ts');

afterAll(async () => {
  await sesLocal.close();
});

const unique = () => `${crypto.randomUUID()}`;

const createContact = async (email: string) => {
  const answer = await invoke('POST', '/v1/contacts', {
    body: { firstName: 'Jürgen', lastName: 'Müller', email },
    role: 'sales',
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string; email: string; version: number };
};

describe('suppression list', () => {
  it('stores only the hash, survives deleting the contact, and is removed by admins only (audited)', async () => {
    // Prepare
    const email = `bounce.${unique()}@beispiel.example`;
    const contact = await createContact(email);

    // Act
    const refused = await invoke('POST', '/v1/suppressions', {
      body: { email, reason: 'hard_bounce' },
      role: 'sales',
    });
    const added = await invoke('POST', '/v1/suppressions', {
      body: { email: email.toUpperCase(), reason: 'hard_bounce' },
      role: 'marketing',
    });
    const again = await invoke('POST', '/v1/suppressions', {
      body: { email, reason: 'hard_bounce' },
      role: 'marketing',
    });

    // Assess
    expect(refused.status).toBe(403);
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(added.json).toMatchObject({ emailHash: emailHash(email), suppressed: true });
    expect(again.json.entries).toHaveLength(1);
    const stored = await queryPage(suppressionQuery(emailHash(email)));
    expect(stored.items).toHaveLength(1);
    expect(JSON.stringify(stored.items)).not.toContain(email);
    const events = await outboxEvents({ name: 'suppression.added' });
    const event = events.find((candidate) => candidate.data.contactId === contact.id);
    expect(event?.data).toEqual({
      reason: 'hard_bounce',
      purpose: null,
      contactId: contact.id,
      source: 'api',
    });
    expect(JSON.stringify(events)).not.toContain(email);

    // Act: the contact is erased
    const deleted = await invoke('DELETE', `/v1/contacts/${contact.id}`, { role: 'admin' });
    expect(deleted.status).toBe(204);

    // Assess: still suppressed, also for transactional mail
    expect(await isSuppressed(email)).toBe(true);
    expect(await canSend({ email, kind: 'transactional' })).toEqual({ allowed: false, reason: 'suppressed' });
    const lookup = await invoke('GET', `/v1/suppressions?email=${encodeURIComponent(email)}`, {
      role: 'analyst',
    });
    expect(lookup.json.suppressed).toBe(true);

    // Act: removal
    const notAdmin = await invoke('DELETE', `/v1/suppressions?email=${encodeURIComponent(email)}`, {
      role: 'marketing',
    });
    const removed = await invoke('DELETE', `/v1/suppressions?email=${encodeURIComponent(email)}`, {
      role: 'admin',
      sub: 'admin-7',
    });
    expect(notAdmin.status).toBe(403);
    expect(removed.status).toBe(204);
    expect(await isSuppressed(email)).toBe(false);
    const audit = (await outboxEvents({ name: 'suppression.removed' })).find(
      (candidate) => candidate.subject.id === event?.subject.id,
    );
    expect(audit?.actor).toEqual({ type: 'user', id: 'admin-7' });
  });

  it('does not send the order confirmation to a hard-bounced address', async () => {
    // Prepare
    const email = `hb.${unique()}@beispiel.example`;
    const contact = await createContact(email);
    await invoke('POST', '/v1/suppressions', { body: { email, reason: 'hard_bounce' }, role: 'marketing' });
    const { event } = await placeOrder({ contactId: contact.id });

    // Act
    const result = await consume(sqsEvent([busMessage(event)]), {} as never);

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect((await inbox()).filter((mail) => mail.destination.to.includes(email))).toEqual([]);
  });

  it('an unsubscribe suppression does not stop the order confirmation', async () => {
    const email = `unsub.${unique()}@beispiel.example`;
    const contact = await createContact(email);
    await invoke('POST', '/v1/suppressions', { body: { email, reason: 'unsubscribe' }, role: 'marketing' });
    const { event } = await placeOrder({ contactId: contact.id });
    await consume(sqsEvent([busMessage(event)]), {} as never);
    expect((await inbox()).filter((mail) => mail.destination.to.includes(email))).toHaveLength(1);
  });
});
