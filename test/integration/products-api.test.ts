import { describe, expect, it } from 'vitest';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { applyErpProductUpdate } from '#shared/products/product.service.ts';
import { invoke } from '../support/invoke.ts';

const sku = (name: string) => `${name}-${Math.random().toString(36).slice(2, 8)}`;
const product = (overrides: Record<string, unknown> = {}) => ({
  name: 'Hydraulikpumpe HP-200',
  price: { amount: '1299.00', currency: 'EUR' },
  taxPercent: '19',
  ...overrides,
});

describe('products API', () => {
  it('creates a product by PUT, replaces it with If-Match and answers 412 on a stale version', async () => {
    const id = sku('HP-200');
    const created = await invoke('PUT', `/v1/products/${id}`, { body: product(), role: 'sales_manager' });
    expect(created.status).toBe(200);
    expect(created.headers.etag).toBe('"1"');
    expect(created.json).toMatchObject({
      sku: id,
      available: true,
      active: true,
      unit: 'piece',
      erpUpdatedAt: null,
    });
    const again = await invoke('PUT', `/v1/products/${id}`, { body: product() });
    expect(again.headers.etag).toBe('"1"');
    const changed = await invoke('PUT', `/v1/products/${id}`, {
      body: product({ price: { amount: '1199.00', currency: 'EUR' } }),
      headers: { 'if-match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ version: 2, price: { amount: '1199.00' } });
    const stale = await invoke('PUT', `/v1/products/${id}`, {
      body: product(),
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect((await invoke('GET', `/v1/products/${id}`)).json.price.amount).toBe('1199.00');
  });

  it('lets only admins and sales managers maintain the price list, and refuses floats and negative prices', async () => {
    expect((await invoke('PUT', `/v1/products/${sku('X')}`, { body: product(), role: 'sales' })).status).toBe(
      403,
    );
    expect((await invoke('GET', '/v1/products', { role: 'analyst' })).status).toBe(200);
    const float = await invoke('PUT', `/v1/products/${sku('X')}`, {
      body: product({ price: { amount: 12.5, currency: 'EUR' } }),
    });
    expect(float.status).toBe(400);
    const negative = await invoke('PUT', `/v1/products/${sku('X')}`, {
      body: product({ price: { amount: '-1.00', currency: 'EUR' } }),
    });
    expect(negative.status).toBe(400);
    expect((await invoke('GET', '/v1/products/NOPE-404')).status).toBe(404);
    expect((await invoke('PUT', '/v1/products/bad%20sku', { body: product() })).status).toBe(400);
  });

  it('lists the price list and filters by availability', async () => {
    const available = sku('AV');
    const gone = sku('UN');
    await invoke('PUT', `/v1/products/${available}`, { body: product() });
    await invoke('PUT', `/v1/products/${gone}`, { body: product({ available: false }) });
    const onlyAvailable = await invoke('GET', '/v1/products?available=true&limit=200');
    const skus = onlyAvailable.json.items.map((p: { sku: string }) => p.sku);
    expect(skus).toContain(available);
    expect(skus).not.toContain(gone);
    const unavailable = await invoke('GET', '/v1/products?available=false&limit=200');
    expect(unavailable.json.items.map((p: { sku: string }) => p.sku)).toEqual([gone]);
    const all = await invoke('GET', '/v1/products?limit=200');
    expect(all.json.items.map((p: { sku: string }) => p.sku)).toEqual(
      expect.arrayContaining([available, gone]),
    );
    expect((await invoke('GET', '/v1/products?available=yes')).status).toBe(400);
  });

  it('applies ERP pushes of price and availability, ignores older pushes and creates fully named new SKUs', async () => {
    const id = sku('ERP');
    await invoke('PUT', `/v1/products/${id}`, { body: product() });
    const push = async (update: Parameters<typeof applyErpProductUpdate>[0]) => {
      const uow = new UnitOfWork(SYSTEM_ACTOR);
      const result = await applyErpProductUpdate(update, uow);
      await uow.commit();
      return result;
    };
    await push({
      sku: id,
      price: { amount: '1350.00', currency: 'EUR' },
      available: false,
      at: '2026-11-20T10:00:00Z',
    });
    const afterPush = (await invoke('GET', `/v1/products/${id}`)).json;
    expect(afterPush).toMatchObject({
      price: { amount: '1350.00' },
      available: false,
      name: 'Hydraulikpumpe HP-200',
    });
    await push({ sku: id, available: true, at: '2026-11-19T10:00:00Z' });
    expect((await invoke('GET', `/v1/products/${id}`)).json.available).toBe(false);
    const fresh = sku('NEW');
    await expect(push({ sku: fresh, available: true, at: '2026-11-20T10:00:00Z' })).rejects.toMatchObject({
      status: 422,
    });
    await push({
      sku: fresh,
      name: 'Dichtungssatz',
      price: { amount: '12.40', currency: 'EUR' },
      taxPercent: '19',
      at: '2026-11-20T10:00:00Z',
    });
    expect((await invoke('GET', `/v1/products/${fresh}`)).json).toMatchObject({
      name: 'Dichtungssatz',
      available: true,
    });
  });
});
