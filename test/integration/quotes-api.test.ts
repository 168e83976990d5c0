import { beforeAll, describe, expect, it } from 'vitest';
import { handle } from '#functions/quotes/quotes.handler.ts';
import { apiEvent, invoke } from '../support/invoke.ts';
import { eventsOf } from '../support/outbox.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const WIDGET = `WID-${Date.now()}`;
const MANUAL = `BOOK-${Date.now()}`;
const RETIRED = `OLD-${Date.now()}`;

/** A contact with an account and an opportunity, made through their APIs. */
const customer = async (language: 'de' | 'en' = 'de') => {
  const account = await invoke('POST', '/v1/accounts', { body: { name: 'Müller & Söhne <GmbH>' } });
  const contact = await invoke('POST', '/v1/contacts', {
    body: {
      firstName: 'Jürgen',
      lastName: 'Weiß',
      email: `jw.${Math.random().toString(36).slice(2)}@example.de`,
      language,
      accountId: account.json.id,
    },
  });
  const opportunity = await invoke('POST', '/v1/opportunities', {
    body: {
      name: 'Pumpen 2027',
      amount: eur('5000.00'),
      expectedCloseDate: '2026-12-31',
      contactId: contact.json.id,
      accountId: account.json.id,
      ownerId: 'rep-anna',
    },
  });
  expect(opportunity.status).toBe(201);
  return { accountId: account.json.id, contactId: contact.json.id, opportunityId: opportunity.json.id };
};

const draft = async (opportunityId: string, lines: unknown[], extra: Record<string, unknown> = {}) =>
  invoke('POST', '/v1/quotes', { body: { opportunityId, lines, ...extra }, role: 'sales' });

describe('quotes API', () => {
  beforeAll(async () => {
    await invoke('PUT', `/v1/products/${WIDGET}`, {
      body: { name: 'Widget <script>alert(1)</script>', price: eur('19.99'), taxPercent: '19' },
    });
    await invoke('PUT', `/v1/products/${MANUAL}`, {
      body: { name: 'Handbuch', price: eur('12.35'), taxPercent: '7', available: false },
    });
    await invoke('PUT', `/v1/products/${RETIRED}`, {
      body: { name: 'Altes Modell', price: eur('1.00'), taxPercent: '19', active: false },
    });
  });

  it('prices a draft from the price list to the cent and takes contact, account, owner from the opportunity', async () => {
    const { contactId, accountId, opportunityId } = await customer();
    const created = await draft(opportunityId, [{ sku: WIDGET, quantity: '3', discountPercent: '7' }]);
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json).toMatchObject({
      status: 'draft',
      contactId,
      accountId,
      ownerId: 'rep-anna',
      currency: 'EUR',
      revision: 0,
      net: eur('55.77'),
      tax: eur('10.60'),
      total: eur('66.37'),
      lines: [{ sku: WIDGET, unitPrice: eur('19.99'), taxPercent: '19', net: eur('55.77') }],
    });
    expect(created.json.number).toMatch(/^Q-\d{4}-\d{5}$/);
    const second = await draft(opportunityId, [{ sku: WIDGET, quantity: '1' }]);
    expect(second.json.number > created.json.number).toBe(true);
  });

  it('creates one quote for the same Idempotency-Key twice and replays the first answer', async () => {
    const { opportunityId } = await customer();
    const call = {
      body: { opportunityId, lines: [{ sku: WIDGET, quantity: '1' }] },
      headers: { 'idempotency-key': `q-${opportunityId}` },
    };
    const first = await invoke('POST', '/v1/quotes', call);
    const second = await invoke('POST', '/v1/quotes', call);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers['idempotent-replayed']).toBe('true');
    const listed = await invoke('GET', `/v1/quotes?opportunityId=${opportunityId}`);
    expect(listed.json.items).toHaveLength(1);
  });

  it('refuses unknown, discontinued and (unless allowed) unavailable products with 422, per line', async () => {
    const { opportunityId } = await customer();
    const unknown = await draft(opportunityId, [
      { sku: WIDGET, quantity: '1' },
      { sku: 'NOPE-1', quantity: '1' },
    ]);
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toContainEqual({
      path: 'lines.1.sku',
      message: 'Product NOPE-1 is not on the price list.',
    });
    expect((await draft(opportunityId, [{ sku: RETIRED, quantity: '1' }])).status).toBe(422);
    expect((await draft(opportunityId, [{ sku: MANUAL, quantity: '1' }])).status).toBe(422);
    const allowed = await draft(opportunityId, [{ sku: MANUAL, quantity: '2' }], { allowUnavailable: true });
    expect(allowed.status).toBe(201);
    expect(allowed.json.total).toEqual(eur('26.43'));
    const missingOpportunity = await draft('01JD0000000000000000000000', []);
    expect(missingOpportunity.status).toBe(422);
    const float = await draft(opportunityId, [{ sku: WIDGET, quantity: 3 }]);
    expect(float.status).toBe(400);
  });

  it('walks a 25 % discount through approval: a sales token is refused, a sales manager approves, accept places the order', async () => {
    const { contactId, opportunityId } = await customer();
    const created = await draft(opportunityId, [
      { sku: WIDGET, quantity: '3', discountPercent: '7' },
      { sku: WIDGET, quantity: '10', unitPrice: eur('10.00'), discountPercent: '25', taxPercent: '7' },
    ]);
    const id = created.json.id;
    expect(created.json).toMatchObject({ net: eur('130.77'), tax: eur('15.85'), total: eur('146.62') });
    const submitted = await invoke('POST', `/v1/quotes/${id}/submit`, { role: 'sales' });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({
      status: 'pending_approval',
      revision: 1,
      maxDiscountPercent: '25',
    });
    expect((await eventsOf(id, 'quote.submitted'))[0]?.data).toMatchObject({
      approvalRequired: true,
      status: 'pending_approval',
      maxDiscountPercent: '25',
    });
    expect((await invoke('POST', `/v1/quotes/${id}/accept`, { role: 'sales' })).status).toBe(409);
    expect((await invoke('POST', `/v1/quotes/${id}/approve`, { role: 'sales' })).status).toBe(403);
    const approved = await invoke('POST', `/v1/quotes/${id}/approve`, {
      role: 'sales_manager',
      sub: 'mgr-1',
    });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ status: 'approved', decidedBy: 'mgr-1' });
    expect(await eventsOf(id, 'quote.approved')).toHaveLength(1);

    const accepted = await invoke('POST', `/v1/quotes/${id}/accept`, { role: 'sales' });
    expect(accepted.status).toBe(200);
    const order = accepted.json.order;
    expect(accepted.json.quote).toMatchObject({ status: 'accepted', orderId: order.id });
    expect(order).toMatchObject({
      status: 'placed',
      quoteId: id,
      quoteVersion: 1,
      contactId,
      opportunityId,
      net: eur('130.77'),
      tax: eur('15.85'),
      total: eur('146.62'),
      erpId: null,
    });
    expect(order.lines).toEqual(submitted.json.lines);
    const placed = await eventsOf(order.id, 'order.placed');
    expect(placed).toHaveLength(1);
    expect(placed[0]?.data).toMatchObject({ quoteId: id, total: eur('146.62'), lineCount: 2 });
    expect(await eventsOf(id, 'quote.accepted')).toHaveLength(1);

    const again = await invoke('POST', `/v1/quotes/${id}/accept`, { role: 'sales' });
    expect(again.status).toBe(200);
    expect(again.json.order.id).toBe(order.id);
    const orders = await invoke('GET', `/v1/orders?contactId=${contactId}`);
    expect(orders.json.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
    expect(await eventsOf(order.id, 'order.placed')).toHaveLength(1);
    expect((await invoke('GET', `/v1/orders/${order.id}`)).json.total).toEqual(eur('146.62'));
  });

  it('approves at once when no discount exceeds the threshold, and lets a manager reject with a reason', async () => {
    const { opportunityId } = await customer();
    const small = await draft(opportunityId, [{ sku: WIDGET, quantity: '1', discountPercent: '15' }]);
    const auto = await invoke('POST', `/v1/quotes/${small.json.id}/submit`);
    expect(auto.json).toMatchObject({ status: 'approved', decidedBy: null });
    expect((await eventsOf(small.json.id, 'quote.approved'))[0]?.data).toMatchObject({ automatic: true });

    const big = await draft(opportunityId, [{ sku: WIDGET, quantity: '1', discountPercent: '30' }]);
    await invoke('POST', `/v1/quotes/${big.json.id}/submit`);
    expect(
      (await invoke('POST', `/v1/quotes/${big.json.id}/reject`, { body: {}, role: 'sales_manager' })).status,
    ).toBe(400);
    const rejected = await invoke('POST', `/v1/quotes/${big.json.id}/reject`, {
      body: { reason: 'Zu hoher Rabatt' },
      role: 'sales_manager',
    });
    expect(rejected.json).toMatchObject({ status: 'rejected', rejectionReason: 'Zu hoher Rabatt' });
    const rejectedEvent = await eventsOf(big.json.id, 'quote.rejected');
    expect(JSON.stringify(rejectedEvent)).not.toContain('Rabatt');
    const revised = await invoke('PATCH', `/v1/quotes/${big.json.id}`, {
      body: { lines: [{ sku: WIDGET, quantity: '1', discountPercent: '10' }] },
      headers: { 'if-match': `"${rejected.json.version}"` },
    });
    expect(revised.json).toMatchObject({ status: 'draft', maxDiscountPercent: '10' });
    const resubmitted = await invoke('POST', `/v1/quotes/${big.json.id}/submit`);
    expect(resubmitted.json).toMatchObject({ status: 'approved', revision: 2 });
    const pending = await invoke('GET', '/v1/quotes?status=approved&limit=200');
    expect(pending.json.items.map((q: { id: string }) => q.id)).toEqual(
      expect.arrayContaining([small.json.id, big.json.id]),
    );
    const ofOpportunity = await invoke('GET', `/v1/quotes?opportunityId=${opportunityId}&status=approved`);
    expect(ofOpportunity.json.items.map((q: { id: string }) => q.id).sort()).toEqual(
      [small.json.id, big.json.id].sort(),
    );
  });

  it('keeps submitted versions immutable: PATCH after submit is refused and versions stay as submitted', async () => {
    const { opportunityId } = await customer();
    const created = await draft(opportunityId, [{ sku: WIDGET, quantity: '3', discountPercent: '20' }]);
    const id = created.json.id;
    const stale = await invoke('PATCH', `/v1/quotes/${id}`, {
      body: { notes: 'Lieferung KW 50' },
      headers: { 'if-match': '"7"' },
    });
    expect(stale.status).toBe(412);
    await invoke('POST', `/v1/quotes/${id}/submit`);
    const patch = await invoke('PATCH', `/v1/quotes/${id}`, {
      body: { lines: [{ sku: WIDGET, quantity: '100' }] },
    });
    expect(patch.status).toBe(409);
    await invoke('POST', `/v1/quotes/${id}/reject`, { body: { reason: 'Nein' }, role: 'sales_manager' });
    await invoke('PATCH', `/v1/quotes/${id}`, { body: { lines: [{ sku: WIDGET, quantity: '2' }] } });
    await invoke('POST', `/v1/quotes/${id}/submit`);
    const versions = await invoke('GET', `/v1/quotes/${id}/versions`);
    expect(
      versions.json.items.map((v: { revision: number; total: { amount: string } }) => [
        v.revision,
        v.total.amount,
      ]),
    ).toEqual([
      [1, '57.10'],
      [2, '47.58'],
    ]);
    const first = await invoke('GET', `/v1/quotes/${id}/versions/1`);
    expect(first.json).toMatchObject({ revision: 1, maxDiscountPercent: '20', lines: [{ quantity: '3' }] });
    expect((await invoke('GET', `/v1/quotes/${id}/versions/3`)).status).toBe(404);
  });

  it('prints the quote as HTML in the contact’s language with totals, tax per rate and escaped text', async () => {
    const { opportunityId } = await customer('en');
    const created = await draft(
      opportunityId,
      [
        { sku: WIDGET, quantity: '3', discountPercent: '7' },
        { sku: MANUAL, quantity: '2' },
      ],
      { allowUnavailable: true, notes: '<img src=x onerror=alert(1)>' },
    );
    const id = created.json.id;
    // The answer is HTML, not JSON: call the handler with the gateway's event and read the raw body.
    const html = async (url: string) => {
      const { event } = apiEvent('GET', url, { role: 'analyst' });
      return handle(event);
    };
    const document = await html(`/v1/quotes/${id}/document`);
    expect(document.statusCode).toBe(200);
    expect(document.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const body = String(document.body);
    expect(body).toContain('<html lang="en">');
    expect(body).toContain(created.json.number);
    expect(body).toContain('€66.37'); // the 19 % line
    expect(body).toContain('€80.47'); // net 55.77 + 24.70
    expect(body).toContain('€1.73'); // tax at 7 %
    expect(body).toContain('€10.60'); // tax at 19 %
    expect(body).toContain('€92.80'); // total 66.37 + 26.43
    expect(body).toContain('Jürgen Weiß');
    expect(body).toContain('Müller &amp; Söhne &lt;GmbH&gt;');
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('<img');
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const german = await html(`/v1/quotes/${id}/document?lang=de`);
    expect(String(german.body)).toContain('92,80\u00a0€');
    expect((await html('/v1/quotes/01JD0000000000000000000000/document')).statusCode).toBe(404);
  });

  it('shows the contact’s quotes and orders in the 360° view', async () => {
    const { contactId, opportunityId } = await customer();
    const quote = await draft(opportunityId, [{ sku: WIDGET, quantity: '1' }]);
    await invoke('POST', `/v1/quotes/${quote.json.id}/submit`);
    const accepted = await invoke('POST', `/v1/quotes/${quote.json.id}/accept`);
    const view = await invoke('GET', `/v1/contacts/${contactId}/360`);
    expect(view.status).toBe(200);
    expect(view.json.quotes.map((q: { id: string; status: string }) => [q.id, q.status])).toEqual([
      [quote.json.id, 'accepted'],
    ]);
    expect(view.json.orders.map((o: { id: string; total: unknown }) => [o.id, o.total])).toEqual([
      [accepted.json.order.id, eur('23.79')],
    ]);
  });
});
