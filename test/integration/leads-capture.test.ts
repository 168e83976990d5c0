import { describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke.ts';
import { eventsOf } from '../support/outbox.ts';

const ORIGIN = 'https://www.mueller-maschinenbau.de';
const unique = () => Math.random().toString(36).slice(2, 10);

const createForm = async (overrides: Record<string, unknown> = {}) => {
  const created = await invoke('POST', '/v1/forms', {
    body: { name: 'Kontaktformular', allowedOrigins: [`${ORIGIN}/`], ...overrides },
    role: 'marketing',
  });
  expect(created.status).toBe(201);
  return created.json.id as string;
};

const submit = (formId: string, body: Record<string, string>, origin: string | null = ORIGIN) =>
  invoke('POST', `/v1/public/forms/${formId}/submissions`, {
    body,
    role: null,
    headers: origin ? { origin } : {},
  });

const leadsByEmail = async (email: string) =>
  (await invoke('GET', `/v1/leads?email=${encodeURIComponent(email)}`, { role: 'analyst' })).json.items;

describe('web forms', () => {
  it('lets admin and marketing configure forms, not sales or analysts', async () => {
    const body = { name: 'Whitepaper', allowedOrigins: [ORIGIN] };
    expect((await invoke('POST', '/v1/forms', { body, role: 'sales' })).status).toBe(403);
    expect((await invoke('POST', '/v1/forms', { body, role: 'analyst' })).status).toBe(403);
    const id = await createForm({ fieldMapping: { firma: 'company' } });
    const read = await invoke('GET', `/v1/forms/${id}`, { role: 'analyst' });
    expect(read.json).toMatchObject({
      allowedOrigins: [ORIGIN],
      fieldMapping: { firma: 'company' },
      active: true,
    });
    const patched = await invoke('PATCH', `/v1/forms/${id}`, {
      body: { name: 'Whitepaper DE' },
      headers: { 'if-match': '"1"' },
    });
    expect(patched.json.version).toBe(2);
    expect((await invoke('GET', '/v1/forms', { role: 'analyst' })).json.items.length).toBeGreaterThan(0);
  });

  it('answers 202 without revealing anything and records the source web_form:<formId>', async () => {
    const formId = await createForm();
    const email = `anna.${unique()}@gmail.com`;
    const answer = await submit(formId, { email, firstName: 'Anna', lastName: 'Schmidt' });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ status: 'received' });
    const [lead] = await leadsByEmail(email);
    expect(lead).toMatchObject({ source: `web_form:${formId}`, status: 'new', firstName: 'Anna' });
    expect(await eventsOf(lead.id, 'lead.captured')).toHaveLength(1);
    const [event] = await eventsOf(lead.id, 'lead.captured');
    expect(JSON.stringify(event?.data)).not.toContain('Anna');
  });

  it('refuses a wrong or missing origin with 403 and unknown fields with 400', async () => {
    const formId = await createForm({ fieldMapping: { firma: 'company' } });
    const email = `bernd.${unique()}@example.org`;
    const wrong = await submit(formId, { email }, 'https://evil.example.com');
    expect(wrong.status).toBe(403);
    expect(wrong.headers['content-type']).toBe('application/problem+json');
    expect((await submit(formId, { email }, null)).status).toBe(403);
    const unknown = await submit(formId, { email, nickname: 'B' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toContainEqual({ path: 'nickname', message: 'Unknown field.' });
    expect((await submit(formId, { email: 'not-an-email' })).status).toBe(400);
    expect(await leadsByEmail(email)).toHaveLength(0);
    const mapped = await submit(formId, { email, firma: 'Bernd GmbH' });
    expect(mapped.status).toBe(202);
    expect((await leadsByEmail(email))[0].company).toBe('Bernd GmbH');
  });

  it('answers a filled honeypot like a success but stores and emits nothing', async () => {
    const formId = await createForm();
    const email = `bot.${unique()}@example.org`;
    const answer = await submit(formId, { email, website: 'http://spam.example' });
    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ status: 'received' });
    expect(await leadsByEmail(email)).toHaveLength(0);
  });

  it('yields one lead for the same submission twice and for 10 concurrent ones', async () => {
    const formId = await createForm();
    const twice = `twice.${unique()}@example.org`;
    await submit(formId, { email: twice, firstName: 'Tom' });
    await submit(formId, { email: twice.toUpperCase(), firstName: 'Tom' });
    const [lead, ...others] = await leadsByEmail(twice);
    expect(others).toHaveLength(0);
    expect(lead.submissions).toBe(2);

    const email = `rush.${unique()}@example.org`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        submit(formId, { email, firstName: 'Rita', message: 'Angebot bitte' }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(202));
    const leads = await leadsByEmail(email);
    expect(leads).toHaveLength(1);
    expect(leads[0].submissions).toBe(10);
    expect(await eventsOf(leads[0].id, 'lead.captured')).toHaveLength(10);
  });

  it('lets a returning person fill empty fields without overwriting given ones', async () => {
    const formId = await createForm();
    const email = `paula.${unique()}@example.org`;
    await submit(formId, { email, firstName: 'Paula' });
    await submit(formId, { email, firstName: 'Pauline', lastName: 'Weber', company: 'Weber KG' });
    const [lead] = await leadsByEmail(email);
    expect(lead).toMatchObject({
      firstName: 'Paula',
      lastName: 'Weber',
      company: 'Weber KG',
      submissions: 2,
    });
    expect(lead.score).toBe(10); // has-company
  });
});

describe('lead capture through the API', () => {
  it('links a lead to the existing contact and shows it in the 360° view', async () => {
    const email = `kunde.${unique()}@example.org`;
    const contact = await invoke('POST', '/v1/contacts', {
      body: { firstName: 'Karl', lastName: 'Kunde', email, language: 'de' },
    });
    const created = await invoke('POST', '/v1/leads', {
      body: { email: ` ${email.toUpperCase()} `, source: 'event:Hannover Messe' },
      role: 'sales',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ email, contactId: contact.json.id, source: 'event:Hannover Messe' });
    const view = await invoke('GET', `/v1/contacts/${contact.json.id}/360`);
    expect(view.json.leads.map((lead: { id: string }) => lead.id)).toEqual([created.json.id]);
  });

  it('enriches company and account from the email domain, but not for free-mail domains', async () => {
    const domain = `werk-${unique()}.de`;
    const account = await invoke('POST', '/v1/accounts', { body: { name: 'Werk AG', domain } });
    expect(account.status).toBe(201);
    const lead = await invoke('POST', '/v1/leads', { body: { email: `einkauf@${domain}` } });
    expect(lead.json).toMatchObject({ accountId: account.json.id, company: 'Werk AG', source: 'api' });
    const own = await invoke('POST', '/v1/leads', { body: { email: `chef@${domain}`, company: 'Werk Süd' } });
    expect(own.json).toMatchObject({ accountId: account.json.id, company: 'Werk Süd' });
    const free = await invoke('POST', '/v1/leads', { body: { email: `privat.${unique()}@gmail.com` } });
    expect(free.json).toMatchObject({ accountId: null, company: null });
  });

  it('keeps analysts to reading and only admin and sales managers delete', async () => {
    const email = `rollen.${unique()}@example.org`;
    expect((await invoke('POST', '/v1/leads', { body: { email }, role: 'analyst' })).status).toBe(403);
    const created = await invoke('POST', '/v1/leads', { body: { email }, role: 'marketing' });
    const id = created.json.id;
    expect((await invoke('GET', `/v1/leads/${id}`, { role: 'analyst' })).status).toBe(200);
    expect((await invoke('PATCH', `/v1/leads/${id}`, { body: { need: 'x' }, role: 'analyst' })).status).toBe(
      403,
    );
    expect(
      (await invoke('POST', `/v1/leads/${id}/events`, { body: { type: 'page_view' }, role: 'analyst' }))
        .status,
    ).toBe(403);
    expect((await invoke('DELETE', `/v1/leads/${id}`, { role: 'sales' })).status).toBe(403);
    expect((await invoke('DELETE', `/v1/leads/${id}`, { role: 'sales_manager' })).status).toBe(204);
    expect((await invoke('GET', `/v1/leads/${id}`)).status).toBe(404);
    // The email is free again: a new capture creates a new lead.
    expect((await invoke('POST', '/v1/leads', { body: { email } })).json.id).not.toBe(id);
  });

  it('answers 412 to a stale If-Match and refuses status mql by hand', async () => {
    const created = await invoke('POST', '/v1/leads', { body: { email: `etag.${unique()}@example.org` } });
    const id = created.json.id;
    const ok = await invoke('PATCH', `/v1/leads/${id}`, {
      body: { status: 'working' },
      headers: { 'if-match': '"1"' },
    });
    expect(ok.status).toBe(200);
    const stale = await invoke('PATCH', `/v1/leads/${id}`, {
      body: { need: 'ERP' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await invoke('PATCH', `/v1/leads/${id}`, { body: { status: 'mql' } })).status).toBe(400);
    const byStatus = await invoke('GET', '/v1/leads?status=working');
    expect(byStatus.json.items.map((lead: { id: string }) => lead.id)).toContain(id);
  });
});
