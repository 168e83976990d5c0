import { afterAll, describe, expect, it } from 'vitest';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

process.env.CONSENT_TOKEN_SECRET = 'test-consent-secret-0123456789abcdef0123456789';
process.env.PUBLIC_API_URL = 'http://frontoffice.test';

const { invoke } = await import('../support/invoke.ts');
const { eventsOf } = await import('../support/outbox.ts');
const { canSend } = await import('#shared/consent/can-send.ts');

afterAll(async () => {
  await sesLocal.close();
});

const unique = () => `${crypto.randomUUID()}`;
const mailsTo = async (email: string) =>
  (await inbox()).filter((mail) => mail.destination.to.includes(email));

const subscribe = (body: Record<string, unknown>) =>
  invoke('POST', '/v1/public/newsletter/subscriptions', { body, role: null });

const confirmLinkOf = (text: string | undefined): string => {
  const match = /http:\/\/frontoffice\.test(\/v1\/public\/newsletter\/confirm\?token=\S+)/.exec(text ?? '');
  if (!match?.[1]) throw new Error(`No confirmation link in: ${text}`);
  return decodeURI(match[1]);
};

describe('newsletter double opt-in', () => {
  it('creates a subscriber with pending consent, mails a German link that confirms exactly once', async () => {
    // Prepare
    const email = `anna.${unique()}@beispiel.example`;

    // Act: sign up
    const answer = await subscribe({ email: ` ${email.toUpperCase()} `, firstName: 'Anna', language: 'de' });

    // Assess: same neutral answer; one German mail with a signed link
    expect(answer.status, JSON.stringify(answer.json)).toBe(202);
    expect(answer.json).toEqual({ status: 'confirmation_requested' });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('Bitte bestätigen Sie Ihre Anmeldung');
    expect(mails[0]?.body.text).toContain('Hallo Anna,');
    const link = confirmLinkOf(mails[0]?.body.text);

    const contacts = await invoke('GET', `/v1/contacts?email=${encodeURIComponent(email)}`);
    const contact = contacts.json.items[0];
    expect(contact.lifecycleStage).toBe('subscriber');
    expect(contact.consents).toEqual({});
    const pending = await invoke('GET', `/v1/contacts/${contact.id}/purposes`);
    expect(pending.json.items).toEqual([
      expect.objectContaining({
        purpose: 'newsletter',
        status: 'pending',
        source: 'newsletter_form',
        wordingVersion: 'newsletter-2026-11',
        ipHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(JSON.stringify(pending.json)).not.toContain('127.0.0.1');
    expect(await canSend({ contactId: contact.id, kind: 'marketing', purpose: 'newsletter' })).toEqual({
      allowed: false,
      reason: 'no_consent',
    });

    // Act: confirm, then reuse the link, then forge one
    const confirmed = await invoke('GET', link, { role: null });
    const reused = await invoke('GET', link, { role: null });
    const forged = await invoke('GET', `${link.slice(0, -4)}AAAA`, { role: null });

    // Assess
    expect(confirmed.status, JSON.stringify(confirmed.json)).toBe(200);
    expect(confirmed.json).toEqual({ status: 'confirmed', purpose: 'newsletter' });
    expect(reused.status).toBe(409);
    expect(forged.status).toBe(401);
    const granted = await invoke('GET', `/v1/contacts/${contact.id}/purposes`);
    expect(granted.json.items[0]).toMatchObject({ status: 'granted', source: 'double_opt_in' });
    expect(await canSend({ contactId: contact.id, kind: 'marketing', purpose: 'newsletter' })).toEqual({
      allowed: true,
    });
    // The outbox is scanned, in no order: compare as a set.
    const events = await eventsOf(contact.id, 'consent.changed');
    expect(events).toHaveLength(2);
    expect(events.map((event) => event.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'pending', previousStatus: null, purpose: 'newsletter' }),
        expect.objectContaining({ status: 'granted', previousStatus: 'pending', purpose: 'newsletter' }),
      ]),
    );
    expect(JSON.stringify(events)).not.toContain(email);
  });

  it('answers the same for a known contact, mails in English, and does not re-mail a granted address', async () => {
    const email = `emily.${unique()}@example.co.uk`;
    const created = await invoke('POST', '/v1/contacts', {
      body: { firstName: 'Emily', lastName: 'Clarke', email, language: 'en' },
      role: 'sales',
    });
    expect(created.status).toBe(201);

    const answer = await subscribe({ email });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ status: 'confirmation_requested' });
    const [mail] = await mailsTo(email);
    expect(mail?.subject).toBe('Please confirm your subscription');
    expect(mail?.body.text).toContain('Hello Emily,');
    expect((await invoke('GET', confirmLinkOf(mail?.body.text), { role: null })).status).toBe(200);

    const again = await subscribe({ email });
    expect(again.json).toEqual({ status: 'confirmation_requested' });
    expect(await mailsTo(email)).toHaveLength(1);
    const contact = await invoke('GET', `/v1/contacts/${created.json.id}`);
    expect(contact.json.lifecycleStage).toBe('lead');
  });

  it('rejects unknown fields and bad addresses like every endpoint', async () => {
    expect((await subscribe({ email: 'not-an-address' })).status).toBe(400);
    expect((await subscribe({ email: `x.${unique()}@example.com`, admin: true })).status).toBe(400);
  });
});
