import { afterAll, describe, expect, it } from 'vitest';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { invoke, apiEvent } = await import('../support/invoke.ts');
const { handle } = await import('../../functions/templates/templates.handler.ts');

afterAll(async () => {
  await sesLocal.close();
});

const stamp = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

const newsletter = (overrides: Record<string, unknown> = {}) => ({
  name: `Frühjahrsangebot ${stamp()}`,
  kind: 'marketing',
  language: 'de',
  variants: {
    de: {
      subject: 'Neu für {{account.name}}',
      html: '<p>{{contact.salutation}},</p><p>unser Frühjahrsangebot.</p><a href="{{{unsubscribeUrl}}}">Abmelden</a>',
      text: '{{contact.salutation}},\nunser Frühjahrsangebot.\nAbmelden: {{unsubscribeUrl}}',
    },
    en: {
      subject: 'New for {{account.name}}',
      html: '<p>{{contact.salutation}},</p><p>our spring offer.</p><a href="{{{unsubscribeUrl}}}">Unsubscribe</a>',
      text: '{{contact.salutation}},\nour spring offer.\nUnsubscribe: {{unsubscribeUrl}}',
    },
  },
  ...overrides,
});

const germanContact = async () => {
  const account = await invoke('POST', '/v1/accounts', { body: { name: 'Müller <GmbH>' }, role: 'sales' });
  expect(account.status, JSON.stringify(account.json)).toBe(201);
  const contact = await invoke('POST', '/v1/contacts', {
    body: {
      firstName: 'Jürgen',
      lastName: 'Müller',
      email: `j.mueller.${stamp()}@beispiel.example`,
      language: 'de',
      accountId: account.json.id,
    },
    role: 'sales',
  });
  expect(contact.status, JSON.stringify(contact.json)).toBe(201);
  return contact.json as { id: string };
};

describe('templates API', () => {
  it('creates, previews for a real German contact and test-sends in German with [TEST]', async () => {
    // Prepare
    const created = await invoke('POST', '/v1/templates', { body: newsletter(), role: 'marketing' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const id = created.json.id as string;
    const contact = await germanContact();

    // Act
    const preview = await invoke('POST', `/v1/templates/${id}/preview`, {
      body: { contactId: contact.id },
      role: 'sales',
    });
    const { event } = apiEvent(
      'GET',
      `/v1/templates/${id}/preview.html?contactId=${contact.id}&language=en`,
      {
        role: 'analyst',
      },
    );
    const page = await handle(event);
    const to = `marketing.${stamp()}@example.com`;
    const sent = await invoke('POST', `/v1/templates/${id}/test-send`, {
      body: { to, contactId: contact.id },
    });

    // Assess
    expect(preview.status, JSON.stringify(preview.json)).toBe(200);
    expect(preview.json).toMatchObject({ language: 'de', subject: 'Neu für Müller <GmbH>' });
    expect(preview.json.html).toContain('<p>Guten Tag Jürgen Müller,</p>');
    expect(preview.json.text).toContain('Guten Tag Jürgen Müller,\nunser Frühjahrsangebot.');
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<p>Dear Jürgen Müller,</p>');
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    const mails = (await inbox()).filter((mail) => mail.destination.to.includes(to));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('[TEST] Neu für Müller <GmbH>');
    expect(mails[0]?.body.text).toContain('Guten Tag Jürgen Müller');
    expect(mails[0]?.body.html).toContain('unser Frühjahrsangebot');
  });

  it('refuses unknown fields and a missing unsubscribe link with 400 naming the part', async () => {
    const body = newsletter();
    body.variants.en.html = '<p>{{contact.email}}</p>';
    const answer = await invoke('POST', '/v1/templates', { body, role: 'marketing' });
    expect(answer.status).toBe(400);
    expect(answer.json.errors.map((error: { path: string }) => error.path)).toEqual([
      'variants.en.html',
      'variants.en.html',
    ]);
  });

  it('versions changes with If-Match, lists and deletes', async () => {
    const created = await invoke('POST', '/v1/templates', { body: newsletter({ kind: 'transactional' }) });
    const id = created.json.id as string;
    const changed = await invoke('PATCH', `/v1/templates/${id}`, {
      body: { name: 'Umbenannt' },
      headers: { 'if-match': '"1"' },
      role: 'marketing',
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    const stale = await invoke('PATCH', `/v1/templates/${id}`, {
      body: { name: 'Nochmal' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    // Turning it into a marketing template without an unsubscribe link in the HTML is refused.
    const toMarketing = await invoke('PATCH', `/v1/templates/${id}`, {
      body: { kind: 'marketing', variants: { de: { subject: 'x', html: '<p>x</p>', text: 'x' } } },
    });
    expect(toMarketing.status).toBe(400);
    expect(toMarketing.json.errors[0].path).toBe('variants.de.html');
    const listed = await invoke('GET', '/v1/templates?kind=transactional&limit=200', { role: 'analyst' });
    expect(listed.json.items.map((item: { id: string }) => item.id)).toContain(id);
    expect((await invoke('DELETE', `/v1/templates/${id}`, { role: 'marketing' })).status).toBe(204);
    expect((await invoke('GET', `/v1/templates/${id}`)).status).toBe(404);
  });

  it('lets analysts read but not write, and sales not test-send; test sends only go to allowed addresses', async () => {
    const created = await invoke('POST', '/v1/templates', { body: newsletter() });
    const id = created.json.id as string;
    expect((await invoke('POST', '/v1/templates', { body: newsletter(), role: 'analyst' })).status).toBe(403);
    expect((await invoke('GET', `/v1/templates/${id}`, { role: 'analyst' })).status).toBe(200);
    expect(
      (
        await invoke('POST', `/v1/templates/${id}/test-send`, {
          body: { to: 'a@example.com' },
          role: 'sales',
        })
      ).status,
    ).toBe(403);
    const outside = await invoke('POST', `/v1/templates/${id}/test-send`, {
      body: { to: 'someone@elsewhere.example' },
      role: 'marketing',
    });
    expect(outside.status).toBe(403);
    const sender = await invoke('POST', `/v1/templates/${id}/test-send`, {
      body: { to: `team.${stamp()}@frontoffice.local`, language: 'en' },
      role: 'marketing',
    });
    expect(sender.status, JSON.stringify(sender.json)).toBe(200);
    expect(sender.json).toMatchObject({ language: 'en', subject: '[TEST] New for' });
  });

  it('previews with sample values, escaping them in HTML only', async () => {
    const created = await invoke('POST', '/v1/templates', { body: newsletter() });
    const preview = await invoke('POST', `/v1/templates/${created.json.id}/preview`, {
      body: {
        sample: { contact: { firstName: '<b>Ada</b>', lastName: 'Lovelace' }, account: { name: 'A & B' } },
        language: 'en',
      },
      role: 'marketing',
    });
    expect(preview.status, JSON.stringify(preview.json)).toBe(200);
    expect(preview.json.subject).toBe('New for A & B');
    expect(preview.json.html).toContain('<p>Dear &lt;b&gt;Ada&lt;/b&gt; Lovelace,</p>');
    expect(preview.json.text).toContain('Dear <b>Ada</b> Lovelace,');
    expect(preview.json.html).toContain('https://frontoffice.invalid/v1/public/unsubscribe?token=preview');
    const both = await invoke('POST', `/v1/templates/${created.json.id}/preview`, {
      body: { contactId: created.json.id, sample: {} },
    });
    expect(both.status).toBe(400);
  });
});
