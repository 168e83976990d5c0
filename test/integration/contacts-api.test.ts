import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamo } from '#shared/platform/db/client.ts';
import { tableName } from '#shared/platform/db/table.ts';
import { invoke } from '../support/invoke.ts';
import { eventsOf } from '../support/outbox.ts';

const person = (overrides: Record<string, unknown> = {}) => ({
  firstName: 'Jürgen',
  lastName: 'Weiß',
  email: `juergen.weiss.${Math.random().toString(36).slice(2)}@mueller-maschinenbau.de`,
  language: 'de',
  ...overrides,
});

describe('contacts API', () => {
  it('creates a contact with 201, an ETag and a contact.created outbox event in the same write', async () => {
    const created = await invoke('POST', '/v1/contacts', { body: person(), role: 'sales' });
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json).toMatchObject({
      firstName: 'Jürgen',
      lifecycleStage: 'lead',
      version: 1,
      consents: {},
    });
    expect(await eventsOf(created.json.id, 'contact.created')).toHaveLength(1);
  });

  it('refuses the same email in other case and with spaces with 409 problem+json', async () => {
    const email = `Sophie.Schaefer.${Date.now()}@Example.de`;
    expect((await invoke('POST', '/v1/contacts', { body: person({ email }) })).status).toBe(201);
    const again = await invoke('POST', '/v1/contacts', {
      body: person({ email: `  ${email.toUpperCase()} ` }),
    });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json');
    expect(again.json).toMatchObject({ status: 409, title: 'Conflict', type: '/problems/conflict' });
  });

  it('answers 412 to a PATCH with a stale If-Match and keeps the data', async () => {
    const created = await invoke('POST', '/v1/contacts', { body: person() });
    const id = created.json.id;
    const first = await invoke('PATCH', `/v1/contacts/${id}`, {
      body: { jobTitle: 'Einkaufsleiter' },
      headers: { 'if-match': '"1"' },
    });
    expect(first.status).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await invoke('PATCH', `/v1/contacts/${id}`, {
      body: { jobTitle: 'CEO' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await invoke('GET', `/v1/contacts/${id}`)).json.jobTitle).toBe('Einkaufsleiter');
  });

  it('rejects unknown fields with 400 and errors[].path, and malformed JSON with 400', async () => {
    const unknown = await invoke('POST', '/v1/contacts', { body: person({ nickname: 'Jo' }) });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors).toContainEqual({ path: 'nickname', message: 'Unknown field.' });
    const malformed = await invoke('POST', '/v1/contacts', { rawBody: '{"firstName": "Anna",' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.detail).toMatch(/not valid JSON/);
  });

  it('answers 413 to a 2 MB body and 415 to a non-JSON body', async () => {
    const huge = await invoke('POST', '/v1/contacts', {
      rawBody: JSON.stringify({ firstName: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    const form = await invoke('POST', '/v1/contacts', {
      rawBody: 'firstName=Anna',
      headers: { 'content-type': 'text/plain' },
    });
    expect(form.status).toBe(415);
  });

  it('answers 401 without a token and 403 to a role without the right', async () => {
    expect((await invoke('GET', '/v1/contacts', { role: null })).status).toBe(401);
    const created = await invoke('POST', '/v1/contacts', { body: person() });
    const asAnalyst = await invoke('POST', '/v1/contacts', { body: person(), role: 'analyst' });
    expect(asAnalyst.status).toBe(403);
    const deleteAsSales = await invoke('DELETE', `/v1/contacts/${created.json.id}`, { role: 'sales' });
    expect(deleteAsSales.status).toBe(403);
  });

  it('creates one contact for the same Idempotency-Key twice and replays the first answer', async () => {
    const body = person();
    const key = `seed-${Date.now()}`;
    const first = await invoke('POST', '/v1/contacts', { body, headers: { 'idempotency-key': key } });
    const second = await invoke('POST', '/v1/contacts', { body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.json.id).toBe(first.json.id);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const other = await invoke('POST', '/v1/contacts', {
      body: person(),
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(422);
    const byEmail = await invoke('GET', `/v1/contacts?email=${encodeURIComponent(body.email)}`);
    expect(byEmail.json.items).toHaveLength(1);
  });

  it('answers 404 and 405 as problem+json for unknown routes and methods', async () => {
    expect((await invoke('GET', '/v1/nothing-here')).status).toBe(404);
    const wrongMethod = await invoke('PUT', '/v1/contacts');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toContain('POST');
  });

  it('lists by owner, account, stage, email and name prefix, with cursors that stay in their list', async () => {
    const account = await invoke('POST', '/v1/accounts', {
      body: { name: 'Müller Maschinenbau GmbH', domain: 'https://www.mueller-mb.de/' },
    });
    expect(account.json.domain).toBe('mueller-mb.de');
    const ownerId = `owner-${Date.now()}`;
    for (const lastName of ['Müller', 'Mueller-Lüdenscheidt', 'Maier']) {
      await invoke('POST', '/v1/contacts', {
        body: person({ lastName, ownerId, accountId: account.json.id, lifecycleStage: 'customer' }),
      });
    }
    const byOwner = await invoke('GET', `/v1/contacts?ownerId=${ownerId}&limit=2`);
    expect(byOwner.json.items).toHaveLength(2);
    const next = await invoke(
      'GET',
      `/v1/contacts?ownerId=${ownerId}&limit=2&cursor=${byOwner.json.nextCursor}`,
    );
    expect(next.json.items).toHaveLength(1);
    const forged = await invoke('GET', `/v1/contacts?ownerId=someone-else&cursor=${byOwner.json.nextCursor}`);
    expect(forged.status).toBe(400);
    expect((await invoke('GET', `/v1/contacts?accountId=${account.json.id}`)).json.items).toHaveLength(3);
    const byName = await invoke('GET', `/v1/contacts?q=${encodeURIComponent('mül')}&ownerId=${ownerId}`);
    expect(byName.json.items.map((c: { lastName: string }) => c.lastName).sort()).toEqual([
      'Mueller-Lüdenscheidt',
      'Müller',
    ]);
    const byStage = await invoke('GET', '/v1/contacts?lifecycleStage=customer&limit=200');
    expect(byStage.json.items.every((c: { lifecycleStage: string }) => c.lifecycleStage === 'customer')).toBe(
      true,
    );
  });

  it('answers the 360° view with the contact, its account, activities and consents', async () => {
    const account = await invoke('POST', '/v1/accounts', {
      body: { name: 'Northwind Traders Ltd', domain: 'northwind.example' },
    });
    const contact = await invoke('POST', '/v1/contacts', {
      body: person({ firstName: 'Emily', lastName: 'Clarke', language: 'en', accountId: account.json.id }),
    });
    const id = contact.json.id;
    await invoke('POST', '/v1/activities', {
      body: { type: 'call', subject: 'Erstgespräch', contactId: id },
      role: 'sales',
    });
    await invoke('POST', '/v1/activities', {
      body: { type: 'task', subject: 'Send proposal', contactId: id, dueAt: '2026-12-01T09:00:00Z' },
    });
    const consent = await invoke('PUT', `/v1/contacts/${id}/consents/email`, {
      body: { status: 'granted', source: 'webform', version: 'v2' },
    });
    expect(consent.status).toBe(200);
    const repeated = await invoke('PUT', `/v1/contacts/${id}/consents/email`, {
      body: { status: 'granted', source: 'webform', version: 'v2' },
    });
    expect(repeated.headers.etag).toBe(consent.headers.etag);
    const view = await invoke('GET', `/v1/contacts/${id}/360`);
    expect(view.status).toBe(200);
    expect(view.json.contact.id).toBe(id);
    expect(view.json.account.name).toBe('Northwind Traders Ltd');
    expect(view.json.activities.map((a: { subject: string }) => a.subject)).toEqual([
      'Send proposal',
      'Erstgespräch',
    ]);
    expect(view.json.consents.email).toMatchObject({ status: 'granted', source: 'webform', version: 'v2' });
    expect(view.json.consentHistory).toHaveLength(1);
    const revoked = await invoke('PUT', `/v1/contacts/${id}/consents/email`, {
      body: { status: 'revoked', source: 'unsubscribe link' },
    });
    expect(revoked.json.consents.email).toMatchObject({ status: 'revoked', source: 'unsubscribe link' });
    const history = (await invoke('GET', `/v1/contacts/${id}/360`)).json.consentHistory;
    expect(
      history.map((change: { status: string; previousStatus: string }) => [
        change.status,
        change.previousStatus,
      ]),
    ).toEqual([
      ['revoked', 'granted'],
      ['granted', null],
    ]);
    const pk = `CONTACT#${id}`;
    const collection = await dynamo.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    );
    expect(collection.Items).toHaveLength(5);
  });
});
