import { beforeAll, describe, expect, it } from 'vitest';
import { signErpPayload } from '#shared/erp/erp-signature.ts';
import { findOrder } from '#shared/orders/order-sync.service.ts';
import { invoke } from '../support/invoke.ts';
import { outboxEvents, placeOrder } from '../support/order-fixture.ts';

const SECRET = 'test-erp-callback-secret-0123456789abcdef';
const PATH = '/v1/public/erp/callbacks';

beforeAll(() => {
  process.env.ERP_CALLBACK_SECRET = SECRET;
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Posts a callback body signed as the ERP signs it (or as an attacker would try). */
const postCallback = (
  body: unknown,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
) => {
  const raw = JSON.stringify(body);
  const signature =
    options.signature === undefined
      ? signErpPayload(options.secret ?? SECRET, options.timestamp ?? nowSeconds(), raw)
      : options.signature;
  return invoke('POST', PATH, {
    rawBody: raw,
    role: null,
    headers: signature === null ? {} : { 'x-frontoffice-signature': signature },
  });
};

const syncedOrder = async () => {
  const { order } = await placeOrder({
    status: 'synced',
    erpId: `ERP-T${Date.now()}`,
    syncedAt: new Date().toISOString(),
  });
  return order;
};

const invoiceBody = (order: { id: string; erpId: string | null }, eventId: string, extra: object = {}) => ({
  type: 'invoice',
  eventId,
  orderId: order.id,
  erpId: order.erpId,
  invoiceNumber: 'INV-2026-0042',
  status: 'invoiced',
  at: new Date().toISOString(),
  ...extra,
});

describe('ERP callbacks', () => {
  it('applies a validly signed invoice callback: invoice on the order, status invoiced, order.invoiced', async () => {
    // Prepare
    const order = await syncedOrder();

    // Act
    const answer = await postCallback(invoiceBody(order, `evt-${order.id}`));

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ eventId: `evt-${order.id}`, outcome: 'applied' });
    const stored = await findOrder(order.id);
    expect(stored).toMatchObject({
      status: 'invoiced',
      invoice: { number: 'INV-2026-0042', status: 'invoiced' },
      version: 2,
    });
    expect(stored?.invoicedAt).toEqual(expect.any(String));
    const events = (await outboxEvents('order.invoiced')).filter((event) => event.subject.id === order.id);
    expect(events.map((event) => event.data)).toEqual([
      { erpId: order.erpId, invoiceNumber: 'INV-2026-0042', invoiceStatus: 'invoiced' },
    ]);
  });

  it('refuses a forged signature with 401 problem+json and changes nothing', async () => {
    const order = await syncedOrder();
    const answer = await postCallback(invoiceBody(order, `forged-${order.id}`), {
      secret: 'not-the-shared-secret',
    });
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.json).toMatchObject({ status: 401, type: '/problems/unauthorized' });
    expect(await findOrder(order.id)).toEqual(order);
    expect((await outboxEvents('order.invoiced')).filter((event) => event.subject.id === order.id)).toEqual(
      [],
    );
  });

  it('refuses a missing or malformed signature with 401', async () => {
    const order = await syncedOrder();
    expect((await postCallback(invoiceBody(order, `none-${order.id}`), { signature: null })).status).toBe(
      401,
    );
    expect((await postCallback(invoiceBody(order, `bad-${order.id}`), { signature: 'v1=abc' })).status).toBe(
      401,
    );
    expect(await findOrder(order.id)).toEqual(order);
  });

  it('refuses a body changed after signing (signature over the raw body) with 401', async () => {
    const order = await syncedOrder();
    const body = invoiceBody(order, `tampered-${order.id}`);
    const signature = signErpPayload(SECRET, nowSeconds(), JSON.stringify(body));
    const answer = await postCallback({ ...body, status: 'paid' }, { signature });
    expect(answer.status).toBe(401);
    expect(await findOrder(order.id)).toEqual(order);
  });

  it('refuses a stale timestamp (older than 5 minutes) with 401, even with the right secret', async () => {
    const order = await syncedOrder();
    const answer = await postCallback(invoiceBody(order, `stale-${order.id}`), {
      timestamp: nowSeconds() - 301,
    });
    expect(answer.status).toBe(401);
    expect(answer.json.detail).toMatch(/window/);
    expect(await findOrder(order.id)).toEqual(order);
  });

  it('answers a replayed eventId with 200 duplicate and changes nothing the second time', async () => {
    // Prepare: a callback applied once
    const order = await syncedOrder();
    const body = invoiceBody(order, `replay-${order.id}`);
    expect((await postCallback(body)).json.outcome).toBe('applied');
    const afterFirst = await findOrder(order.id);

    // Act: the same callback again, and a concurrent pair of a further replay
    const again = await postCallback(body);
    const concurrent = await Promise.all([postCallback(body), postCallback(body)]);

    // Assess
    expect(again).toMatchObject({ status: 200, json: { outcome: 'duplicate' } });
    expect(concurrent.map((answer) => [answer.status, answer.json.outcome])).toEqual([
      [200, 'duplicate'],
      [200, 'duplicate'],
    ]);
    expect(await findOrder(order.id)).toEqual(afterFirst);
    expect(
      (await outboxEvents('order.invoiced')).filter((event) => event.subject.id === order.id),
    ).toHaveLength(1);
  });

  it('applies a later status (paid) and ignores an older callback that arrives late', async () => {
    const order = await syncedOrder();
    const t0 = new Date(Date.now() - 60_000).toISOString();
    const t1 = new Date().toISOString();
    await postCallback(invoiceBody(order, `a-${order.id}`, { at: t0 }));
    const paid = await postCallback(invoiceBody(order, `b-${order.id}`, { at: t1, status: 'paid' }));
    const late = await postCallback(invoiceBody(order, `c-${order.id}`, { at: t0, status: 'overdue' }));
    expect(paid.json.outcome).toBe('applied');
    expect(late.json.outcome).toBe('stale');
    expect((await findOrder(order.id))?.invoice).toEqual({ number: 'INV-2026-0042', status: 'paid', at: t1 });
  });

  it('refuses a callback whose erpId is not the order’s with 409 and changes nothing', async () => {
    const order = await syncedOrder();
    const answer = await postCallback(invoiceBody(order, `mismatch-${order.id}`, { erpId: 'ERP-OTHER' }));
    expect(answer.status).toBe(409);
    expect(await findOrder(order.id)).toEqual(order);
  });

  it('applies a signed product push (price and availability) from the ERP', async () => {
    const sku = `SKU-${Date.now()}`;
    const answer = await postCallback({
      type: 'product',
      eventId: `product-${sku}`,
      sku,
      name: 'ERP Widget',
      price: { amount: '12.50', currency: 'EUR' },
      taxPercent: '19',
      available: false,
      at: new Date().toISOString(),
    });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json.outcome).toBe('applied');
    const product = await invoke('GET', `/v1/products/${sku}`);
    expect(product.json).toMatchObject({ sku, available: false, price: { amount: '12.50' } });
  });
});
