import { afterEach, describe, expect, it } from 'vitest';
import { customerValueOf } from '#shared/customer-value/customer-value.service.ts';
import { CUSTOMER_VALUE_EVENTS } from '#shared/customer-value/customer-value-route.events.ts';
import { emailDelivered } from '#shared/engagement/engagement.events.ts';
import { orderInvoiced } from '#shared/orders/order.events.ts';
import { setClock } from '#shared/platform/clock.ts';
import { createEvent, type DomainEvent, SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { SEGMENT_INDEX_EVENTS } from '#shared/segments/segment-index.events.ts';
import { consume, run } from '../../functions/customer-value/customer-value.handler.ts';
import { consume as indexSegments } from '../../functions/segment-indexer/segment-indexer.handler.ts';
import { invoke } from '../support/invoke.ts';
import { busMessage, placeOrder, sqsEvent } from '../support/order-fixture.ts';
import { outboxEvents } from '../support/outbox.ts';

const DAY = 86_400_000;
let now = new Date('2026-01-05T09:00:00.000Z');
const advance = (days: number) => {
  now = new Date(now.getTime() + days * DAY);
};
setClock({ now: () => now });
afterEach(() => setClock({ now: () => now }));

const eur = (amount: string) => ({ amount, currency: 'EUR' as const });

const delivered = new Set<string>();

/** Feeds every outbox event not yet delivered to the customer-value consumer and the segment indexer. */
const runConsumers = async (extra: DomainEvent[] = []): Promise<DomainEvent[]> => {
  const fresh = [...(await outboxEvents()), ...extra]
    .filter((event) => !delivered.has(event.id))
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const event of fresh) {
    delivered.add(event.id);
    if ((CUSTOMER_VALUE_EVENTS as readonly string[]).includes(event.name)) {
      const result = await consume(sqsEvent([busMessage(event)]), {} as never);
      expect(result.batchItemFailures, event.name).toEqual([]);
    }
    if ((SEGMENT_INDEX_EVENTS as readonly string[]).includes(event.name)) {
      const result = await indexSegments(sqsEvent([busMessage(event)]), {} as never);
      expect(result.batchItemFailures, event.name).toEqual([]);
    }
  }
  // A consumer's own events (customer.value_changed) go round once more.
  if (fresh.length > 0) await runConsumers();
  return fresh;
};

const createContact = async () => {
  const stamp = `${now.getTime()}${Math.floor(Math.random() * 100_000)}`;
  const answer = await invoke('POST', '/v1/contacts', {
    body: { firstName: 'Jonas', lastName: 'Weber', email: `cv.${stamp}@beispiel.example`, language: 'de' },
    role: 'sales',
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string };
};

const createSegment = async (name: string, rule: unknown) => {
  const answer = await invoke('POST', '/v1/segments', { body: { name, rule }, role: 'marketing' });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json as { id: string };
};

const members = async (segmentId: string): Promise<string[]> => {
  const answer = await invoke('GET', `/v1/segments/${segmentId}/members?limit=100`, { role: 'marketing' });
  expect(answer.status).toBe(200);
  return answer.json.items.map((item: { contactId: string }) => item.contactId);
};

const order = (contactId: string, net: string) =>
  placeOrder({ contactId, net: eur(net), tax: eur('0.00'), total: eur(net) });

const valueChanges = async (contactId: string) =>
  (await outboxEvents({ name: 'customer.value_changed', subjectId: contactId })).sort((a, b) =>
    a.id.localeCompare(b.id),
  );

describe('customer value and churn risk', () => {
  it('puts a customer into a value segment after its orders, counting a redelivered order once', async () => {
    const valuable = await createSegment('Valuable customers', {
      all: [{ field: 'customerValue', op: 'gte', value: 1000 }],
    });
    const customer = await createContact();
    const other = await createContact();
    await runConsumers();
    expect(await members(valuable.id)).toEqual([]);

    const first = await order(customer.id, '600.00');
    await order(other.id, '200.00');
    await runConsumers();
    expect(await members(valuable.id)).toEqual([]);
    expect((await customerValueOf(customer.id)).customerValue).toBe(600);

    advance(30);
    await order(customer.id, '650.50');
    await runConsumers();

    expect(await members(valuable.id)).toEqual([customer.id]);
    const view = await customerValueOf(customer.id);
    expect(view).toMatchObject({
      customerValue: 1250.5,
      orderCount: 2,
      frequency365: 2,
      recencyDays: 0,
      monetary365: '1250.50',
      usualIntervalDays: 30,
      churnRisk: 0,
      margin: null,
      revenue: [{ currency: 'EUR', net: '1250.50', gross: '1250.50', orders: 2 }],
    });
    expect((await valueChanges(customer.id)).map((event) => event.data.customerValue)).toEqual([600, 1250.5]);

    // The first order delivered again (SQS at-least-once): nothing counts twice, nothing is published.
    const again = await consume(sqsEvent([busMessage(first.event)]), {} as never);
    expect(again.batchItemFailures).toEqual([]);
    expect((await customerValueOf(customer.id)).customerValue).toBe(1250.5);
    expect(await valueChanges(customer.id)).toHaveLength(2);

    // A cancelled invoice takes its order back out, and the customer leaves the segment.
    const cancelled = createEvent(
      orderInvoiced,
      first.order.id,
      {
        erpId: 'ERP-1',
        invoiceNumber: 'R-1',
        invoiceStatus: 'cancelled',
      },
      SYSTEM_ACTOR,
    );
    await runConsumers([cancelled]);
    await consume(sqsEvent([busMessage(cancelled)]), {} as never);
    expect(await customerValueOf(customer.id)).toMatchObject({ customerValue: 650.5, orderCount: 1 });
    expect(await members(valuable.id)).toEqual([]);
  });

  it('raises churn risk from order recency, complaints and unopened mail; the daily pass moves segments', async () => {
    const atRisk = await createSegment('Customers at risk', {
      all: [{ field: 'churnRisk', op: 'gte', value: 70 }],
    });
    const customer = await createContact();
    await order(customer.id, '100.00');
    advance(30);
    await order(customer.id, '100.00');
    // Marketing mail delivered, never opened.
    const mail = createEvent(
      emailDelivered,
      customer.id,
      { source: 'campaign', campaignId: 'cmp-1', sequenceId: null, messageId: 'ses-1' },
      SYSTEM_ACTOR,
    );
    await runConsumers([mail]);
    expect((await customerValueOf(customer.id)).churnRisk).toBe(0);

    // A complaint ticket, still open.
    advance(60);
    const ticket = await invoke('POST', '/v1/tickets', {
      body: {
        subject: 'Beschwerde über die Lieferung',
        description: 'Ich bin unzufrieden.',
        contactId: customer.id,
      },
      role: 'service',
    });
    expect(ticket.status, JSON.stringify(ticket.json)).toBe(201);
    expect(ticket.json.category).toBe('complaint');
    await runConsumers();
    const withComplaint = await customerValueOf(customer.id);
    const points = Object.fromEntries(
      withComplaint.churnFactors.map((entry) => [entry.factor, entry.points]),
    );
    // 60 days without an order at a 30-day rhythm: 2× the interval → 25; complaint 10; open ticket 5;
    // mail unopened for 60 of 180 days → 8.3.
    expect(points).toEqual({ order_recency: 25, complaints: 10, open_tickets: 5, engagement_decay: 8.3 });
    expect(withComplaint.churnRisk).toBe(48);
    expect(await members(atRisk.id)).toEqual([]);

    // Time alone: 30 days later nothing happened; the daily pass republishes and the segment takes it.
    advance(30);
    const daily = await run({ daily: true }, {} as never);
    expect(daily).toMatchObject({ changed: expect.any(Number) });
    await runConsumers();
    const later = await customerValueOf(customer.id);
    // 90 days at a 30-day rhythm → 50; complaint 10; open ticket 5; mail unopened 90 days → 12.5.
    expect(later.churnRisk).toBe(78);
    expect(await members(atRisk.id)).toEqual([customer.id]);
    const last = (await valueChanges(customer.id)).at(-1);
    expect(last?.data).toMatchObject({ cause: 'daily', churnRisk: later.churnRisk });

    // Resolving the ticket and a new order bring the risk down; the customer leaves the segment.
    const resolve = await invoke('POST', `/v1/tickets/${ticket.json.id}/resolve`, {
      body: {},
      role: 'service',
    });
    expect(resolve.status, JSON.stringify(resolve.json)).toBe(200);
    await order(customer.id, '100.00');
    await runConsumers();
    const recovered = await customerValueOf(customer.id);
    expect(recovered.churnFactors.find((entry) => entry.factor === 'open_tickets')?.points).toBe(0);
    expect(recovered.churnRisk).toBeLessThan(70);
    expect(await members(atRisk.id)).toEqual([]);

    // The 360° view shows the figures and the explained factors.
    const view = await invoke('GET', `/v1/contacts/${customer.id}/360`, { role: 'sales' });
    expect(view.status).toBe(200);
    expect(view.json.customerValue).toHaveLength(1);
    expect(view.json.customerValue[0]).toMatchObject({
      contactId: customer.id,
      currency: 'EUR',
      customerValue: 300,
      orderCount: 3,
      churnRisk: recovered.churnRisk,
    });
    expect(view.json.customerValue[0].churnFactors).toHaveLength(4);
  });

  it('keeps names and emails out of its events', async () => {
    const events = await outboxEvents({ name: 'customer.value_changed' });
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(JSON.stringify(event.data)).not.toMatch(/@|Jonas|Weber/);
  });
});
