import { beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../support/invoke.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const SKU = `PUMP-${Date.now()}`;

/** An approved quote on a fresh account's opportunity, ready to be accepted. */
const approvedQuote = async (accountId: string) => {
  const opportunity = await invoke('POST', '/v1/opportunities', {
    body: { name: 'Ersatzteile', amount: eur('100.00'), expectedCloseDate: '2026-12-31', accountId },
  });
  const quote = await invoke('POST', '/v1/quotes', {
    body: { opportunityId: opportunity.json.id, lines: [{ sku: SKU, quantity: '2' }] },
    headers: { 'idempotency-key': `quote-${opportunity.json.id}` },
  });
  expect(quote.status).toBe(201);
  const submitted = await invoke('POST', `/v1/quotes/${quote.json.id}/submit`);
  expect(submitted.json.status).toBe('approved');
  return quote.json.id as string;
};

describe('orders API', () => {
  beforeAll(async () => {
    await invoke('PUT', `/v1/products/${SKU}`, {
      body: { name: 'Pumpe', price: eur('49.95'), taxPercent: '19' },
    });
  });

  it('lists the orders of an account by status, newest first, and reads one order', async () => {
    const account = await invoke('POST', '/v1/accounts', { body: { name: 'Nordwind Handel GmbH' } });
    const accountId = account.json.id;
    const first = await invoke('POST', `/v1/quotes/${await approvedQuote(accountId)}/accept`);
    const second = await invoke('POST', `/v1/quotes/${await approvedQuote(accountId)}/accept`);
    const placed = await invoke('GET', `/v1/orders?accountId=${accountId}&status=placed`, {
      role: 'analyst',
    });
    expect(placed.status).toBe(200);
    expect(placed.json.items.map((order: { id: string }) => order.id)).toEqual([
      second.json.order.id,
      first.json.order.id,
    ]);
    expect(placed.json.items[0]).toMatchObject({
      net: eur('99.90'),
      tax: eur('18.98'),
      total: eur('118.88'),
    });
    const synced = await invoke('GET', `/v1/orders?accountId=${accountId}&status=synced`);
    expect(synced.json.items).toEqual([]);
    const byStatus = await invoke('GET', '/v1/orders?status=placed&limit=200');
    expect(byStatus.json.items.map((order: { id: string }) => order.id)).toEqual(
      expect.arrayContaining([first.json.order.id, second.json.order.id]),
    );
    const one = await invoke('GET', `/v1/orders/${first.json.order.id}`, { role: 'service' });
    expect(one.status).toBe(200);
    expect(one.headers.etag).toBe('"1"');
    expect(one.json).toMatchObject({ status: 'placed', accountId, contactId: null, quoteVersion: 1 });
  });

  it('creates one order when the same quote is accepted concurrently', async () => {
    const account = await invoke('POST', '/v1/accounts', { body: { name: 'Gleichzeitig AG' } });
    const quoteId = await approvedQuote(account.json.id);
    const answers = await Promise.all([
      invoke('POST', `/v1/quotes/${quoteId}/accept`),
      invoke('POST', `/v1/quotes/${quoteId}/accept`),
    ]);
    expect(answers.map((answer) => answer.status)).toContain(200);
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    const orders = await invoke('GET', `/v1/orders?accountId=${account.json.id}`);
    expect(orders.json.items).toHaveLength(1);
    const again = await invoke('POST', `/v1/quotes/${quoteId}/accept`);
    expect(again.json.order.id).toBe(orders.json.items[0].id);
  });

  it('answers 401 without a token, 404 for an unknown order and 405 for writes', async () => {
    expect((await invoke('GET', '/v1/orders', { role: null })).status).toBe(401);
    expect((await invoke('GET', '/v1/orders/01JD0000000000000000000000')).status).toBe(404);
    expect((await invoke('POST', '/v1/orders', { body: {} })).status).toBe(405);
    expect((await invoke('GET', '/v1/orders?status=shipped')).status).toBe(400);
  });
});
