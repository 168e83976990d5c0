import { afterEach, describe, expect, it } from 'vitest';
import { setClock } from '#shared/platform/clock.ts';
import { dynamoRequests, resetDynamoRequests } from '#shared/platform/db/client.ts';
import type { DomainEvent } from '#shared/platform/events/event.ts';
import { SEGMENT_INDEX_EVENTS } from '#shared/segments/segment-index.events.ts';
import { reevaluateSegment } from '#shared/segments/segment-index.service.ts';
import { consume } from '../../functions/segment-indexer/segment-indexer.handler.ts';
import { invoke } from '../support/invoke.ts';
import { busMessage, placeOrder, sqsEvent } from '../support/order-fixture.ts';
import { outboxEvents } from '../support/outbox.ts';

const INDEXED = new Set<string>(SEGMENT_INDEX_EVENTS);
const delivered = new Set<string>();

/** Feeds the indexer every outbox event it has not seen, oldest first, as the queue would. */
const runIndexer = async (extra: DomainEvent[] = []) => {
  const events = [...(await outboxEvents()), ...extra]
    .filter((event) => INDEXED.has(event.name) && !delivered.has(event.id))
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const event of events) {
    const result = await consume(sqsEvent([busMessage(event)]), {} as never);
    expect(result.batchItemFailures, event.name).toEqual([]);
    delivered.add(event.id);
  }
  return events;
};

const createContact = async (body: Record<string, unknown>) => {
  const stamp = `${crypto.randomUUID()}`;
  const answer = await invoke('POST', '/v1/contacts', {
    body: { firstName: 'Anna', lastName: 'Schulz', email: `seg.${stamp}@beispiel.example`, ...body },
    role: 'sales',
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string; email: string; firstName: string; lastName: string };
};

const visitPricing = async (email: string) => {
  const lead = await invoke('POST', '/v1/leads', { body: { email }, role: 'sales' });
  expect(lead.status, JSON.stringify(lead.json)).toBe(201);
  const view = await invoke('POST', `/v1/leads/${lead.json.id}/events`, {
    body: { type: 'page_view', url: 'https://www.example.com/de/pricing' },
    role: 'marketing',
  });
  expect(view.status, JSON.stringify(view.json)).toBeLessThan(300);
};

const createSegment = async (name: string, rule: unknown) => {
  const answer = await invoke('POST', '/v1/segments', { body: { name, rule }, role: 'marketing' });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string; state: string; version: number };
};

const countOf = async (id: string) =>
  (await invoke('GET', `/v1/segments/${id}/count`, { role: 'analyst' })).json;

const pricingRule = {
  all: [
    { field: 'language', op: 'eq', value: 'de' },
    { field: 'event:page_view', op: 'within_days', value: 30, where: { url: { contains: 'pricing' } } },
  ],
};

afterEach(() => setClock());

describe('segments', () => {
  it('keeps a segment made before the data current from contact, lead and order events', async () => {
    // Prepare: a segment of German customers interested in CRM without an order in 180 days
    const segment = await createSegment('DE CRM customers without recent order', {
      all: [
        { field: 'language', op: 'eq', value: 'de' },
        { field: 'interests', op: 'contains', value: 'crm' },
        { not: { field: 'event:order.placed', op: 'within_days', value: 180 } },
      ],
    });
    expect(segment.state).toBe('building');
    await runIndexer();
    expect(await countOf(segment.id)).toMatchObject({ count: 0, state: 'ready' });

    // Act: three contacts, one of which orders, one of which is English
    const quiet = await createContact({ language: 'de', interests: ['crm'] });
    const buyer = await createContact({ language: 'de', interests: ['crm', 'erp'] });
    await createContact({ language: 'en', interests: ['crm'] });
    await runIndexer();
    expect((await countOf(segment.id)).count).toBe(2);
    const { event } = await placeOrder({ contactId: buyer.id });
    await runIndexer([event]);

    // Assess
    expect((await countOf(segment.id)).count).toBe(1);
    const members = await invoke('GET', `/v1/segments/${segment.id}/members?limit=10`, { role: 'sales' });
    expect(members.status).toBe(200);
    expect(members.json.items).toEqual([{ contactId: quiet.id, firstName: 'Anna', lastName: 'Schulz' }]);

    // A change of the contact moves it out; a redelivered event changes nothing
    const patch = await invoke('PATCH', `/v1/contacts/${quiet.id}`, {
      body: { language: 'en' },
      role: 'sales',
    });
    expect(patch.status).toBe(200);
    const processed = await runIndexer();
    await runIndexer(processed.map((e) => ({ ...e })));
    for (const again of processed) await consume(sqsEvent([busMessage(again)]), {} as never);
    expect((await countOf(segment.id)).count).toBe(0);
  });

  it('backfills a segment created after the data exists, and rebuilds it on a rule change', async () => {
    // Prepare: a visitor of the pricing page and a German contact who did not visit it
    const visitor = await createContact({ language: 'de', interests: ['cloud'] });
    await createContact({ language: 'de', interests: ['cloud'] });
    await visitPricing(visitor.email);
    await runIndexer();

    // Act
    const segment = await createSegment('Visited pricing (30 days)', pricingRule);
    await runIndexer();

    // Assess
    expect(await countOf(segment.id)).toMatchObject({ count: 1, state: 'ready', generation: 1 });
    const view = await invoke('GET', `/v1/segments/${segment.id}`, { role: 'service' });
    expect(view.json).toMatchObject({ state: 'ready', memberCount: 1 });

    // A new rule: a new generation, built the same way, old members dropped
    const changed = await invoke('PATCH', `/v1/segments/${segment.id}`, {
      body: { rule: { all: [{ field: 'interests', op: 'contains', value: 'cloud' }] } },
      headers: { 'if-match': `"${segment.version}"` },
      role: 'marketing',
    });
    expect(changed.status, JSON.stringify(changed.json)).toBe(200);
    expect(changed.json).toMatchObject({ generation: 2, state: 'building' });
    expect(await countOf(segment.id)).toMatchObject({ state: 'building' });
    await runIndexer();
    expect((await countOf(segment.id)).count).toBeGreaterThanOrEqual(2);
    expect(await countOf(segment.id)).toMatchObject({ state: 'ready', generation: 2 });
  });

  it('re-evaluates a time-based segment when the visit ages out', async () => {
    const visitor = await createContact({ language: 'de' });
    await visitPricing(visitor.email);
    const segment = await createSegment('Pricing visitors', pricingRule);
    await runIndexer();
    const before = (await countOf(segment.id)).count;
    expect(before).toBeGreaterThanOrEqual(1);

    setClock({ now: () => new Date(Date.now() + 31 * 86_400_000) });
    const result = await reevaluateSegment(segment.id);

    expect(result.removed).toBe(before);
    expect((await countOf(segment.id)).count).toBe(0);
  });

  it('answers count with exactly one GetItem', async () => {
    const segment = await createSegment('Everyone with a language', {
      any: [{ field: 'language', op: 'exists' }],
    });
    await runIndexer();
    resetDynamoRequests();
    const answer = await invoke('GET', `/v1/segments/${segment.id}/count`, { role: 'analyst' });
    expect(answer.status).toBe(200);
    expect(dynamoRequests()).toEqual({ GetItemCommand: 1 });
  });

  it('enforces roles, validates rules and deletes with its members', async () => {
    const rule = { all: [{ field: 'score', op: 'gt', value: 10 }] };
    expect((await invoke('POST', '/v1/segments', { body: { name: 'x', rule }, role: 'sales' })).status).toBe(
      403,
    );
    const bad = await invoke('POST', '/v1/segments', {
      body: { name: 'x', rule: { all: [{ field: 'email', op: 'eq', value: 'a@b.c' }] } },
      role: 'admin',
    });
    expect(bad.status).toBe(400);
    const segment = await createSegment('High score', rule);
    const list = await invoke('GET', '/v1/segments?limit=200', { role: 'analyst' });
    expect(list.json.items.map((item: { id: string }) => item.id)).toContain(segment.id);
    expect((await invoke('DELETE', `/v1/segments/${segment.id}`, { role: 'marketing' })).status).toBe(204);
    await runIndexer();
    expect((await invoke('GET', `/v1/segments/${segment.id}/count`)).status).toBe(404);
    expect((await invoke('GET', `/v1/segments/${segment.id}/members`)).status).toBe(404);
  });
});
