import { describe, expect, it } from 'vitest';

process.env.CONSENT_TOKEN_SECRET = 'test-consent-secret-0123456789abcdef0123456789';
process.env.PUBLIC_API_URL = 'http://frontoffice.test';

const { apiEvent, invoke } = await import('../support/invoke.ts');
const { handle } = await import('../../functions/consent/consent.handler.ts');
const { eventsOf } = await import('../support/outbox.ts');
const { subscribedContact } = await import('../support/subscribed-contact.ts');
const { canSend } = await import('#shared/consent/can-send.ts');
const { listUnsubscribeHeaders, unsubscribeUrl } = await import('#shared/consent/consent.service.ts');

const pathOf = (url: string) => url.replace('http://frontoffice.test', '');
const purposesOf = async (id: string) =>
  Object.fromEntries(
    (await invoke('GET', `/v1/contacts/${id}/purposes`)).json.items.map(
      (item: { purpose: string; status: string }) => [item.purpose, item.status],
    ),
  );

describe('unsubscribe link', () => {
  it('one-click POST revokes that purpose, suppresses the address and changes nothing else', async () => {
    // Prepare
    const anna = await subscribedContact(['newsletter', 'marketing']);
    const other = await subscribedContact(['newsletter']);
    const url = await unsubscribeUrl(anna.id, 'newsletter');
    const headers = await listUnsubscribeHeaders(anna.id, 'newsletter');
    expect(headers).toEqual([
      { Name: 'List-Unsubscribe', Value: `<${url}>` },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);

    // Act: the mail provider's RFC 8058 POST
    const answer = await invoke('POST', pathOf(url), {
      role: null,
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });

    // Assess
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json).toEqual({ status: 'unsubscribed', purpose: 'newsletter' });
    expect(await purposesOf(anna.id)).toEqual({ newsletter: 'revoked', marketing: 'granted' });
    expect(await purposesOf(other.id)).toEqual({ newsletter: 'granted' });
    const contact = await invoke('GET', `/v1/contacts/${anna.id}`);
    expect(contact.json.version).toBe(anna.version);
    expect(contact.json.consents.email.status).toBe('granted');
    const suppression = await invoke('GET', `/v1/suppressions?email=${encodeURIComponent(anna.email)}`);
    expect(suppression.json.entries).toEqual([
      expect.objectContaining({ reason: 'unsubscribe', purpose: 'newsletter', source: 'unsubscribe_link' }),
    ]);
    expect(
      (await invoke('GET', `/v1/suppressions?email=${encodeURIComponent(other.email)}`)).json.suppressed,
    ).toBe(false);
    expect(await canSend({ contactId: anna.id, kind: 'marketing', purpose: 'newsletter' })).toEqual({
      allowed: false,
      reason: 'suppressed',
    });
    expect(await canSend({ contactId: anna.id, kind: 'marketing', purpose: 'marketing' })).toEqual({
      allowed: true,
    });
    expect(await canSend({ contactId: anna.id, kind: 'transactional' })).toEqual({ allowed: true });
    expect(await canSend({ contactId: other.id, kind: 'marketing', purpose: 'newsletter' })).toEqual({
      allowed: true,
    });
    const revoked = (await eventsOf(anna.id, 'consent.changed')).filter(
      (event) => event.data.source === 'unsubscribe_link',
    );
    expect(revoked).toHaveLength(1);
  });

  it('GET shows a page, is idempotent, and a forged link is refused', async () => {
    const petra = await subscribedContact(['newsletter']);
    const path = pathOf(await unsubscribeUrl(petra.id, 'newsletter'));
    // The page is HTML, so the handler is called directly (invoke parses JSON).
    const first = await handle(apiEvent('GET', path, { role: null }).event);
    expect(first.statusCode).toBe(200);
    expect(first.headers?.['content-type']).toContain('text/html');
    expect(first.body).toContain('abgemeldet');
    const again = await invoke('POST', path, { role: null, body: {} });
    expect(again.status).toBe(200);
    const changes = (await eventsOf(petra.id, 'consent.changed')).filter(
      (event) => event.data.source === 'unsubscribe_link',
    );
    expect(changes).toHaveLength(1);
    const forged = await invoke('POST', `${path.slice(0, -3)}abc`, { role: null, body: {} });
    expect(forged.status).toBe(401);
    const wrongType = await invoke('POST', path, {
      role: null,
      rawBody: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
  });
});
