import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import { customerValueAt, rfmScores, usualInterval } from '#shared/customer-value/customer-value.model.ts';
import type { CustomerFacts, OrderFact } from '#shared/customer-value/customer-value.schema.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();
const order = (id: string, days: number, net = '100.00'): OrderFact => ({
  orderId: id,
  at: daysAgo(days),
  net,
  currency: 'EUR',
});

const facts = (overrides: Partial<CustomerFacts> = {}): CustomerFacts => ({
  contactId: 'c1',
  revenue: [],
  firstOrderAt: null,
  orders: [],
  openTickets: [],
  complaints: [],
  mail: { firstDeliveredAt: null, lastDeliveredAt: null, lastOpenedAt: null, lastClickedAt: null },
  published: { customerValue: null, churnRisk: null },
  version: 1,
  updatedAt: NOW.toISOString(),
  ...overrides,
});

const factor = (view: ReturnType<typeof customerValueAt>, name: string) =>
  view.churnFactors.find((entry) => entry.factor === name)?.points;

describe('customer value model', () => {
  it('has no churn risk and no value for a contact who never ordered', () => {
    const view = customerValueAt(facts(), NOW);
    expect(view).toMatchObject({
      customerValue: null,
      churnRisk: null,
      rfm: null,
      recencyDays: null,
      margin: null,
    });
    expect(view.churnFactors).toEqual([]);
  });

  it('takes the median gap as the usual interval, 90 days for one order, never under 7', () => {
    expect(usualInterval([])).toBeNull();
    expect(usualInterval([order('a', 10)])).toBe(90);
    expect(usualInterval([order('a', 0), order('b', 30), order('c', 60), order('d', 150)])).toBe(30);
    expect(usualInterval([order('a', 0), order('b', 1), order('c', 2)])).toBe(7);
  });

  it('scores R, F and M on the documented thresholds', () => {
    expect(rfmScores(10, 12, new Big(10_000))).toEqual({
      recency: 5,
      frequency: 5,
      monetary: 5,
      code: '555',
    });
    expect(rfmScores(91, 3, new Big(999.99))).toEqual({ recency: 3, frequency: 3, monetary: 2, code: '332' });
    expect(rfmScores(400, 0, new Big(0))).toEqual({ recency: 1, frequency: 1, monetary: 1, code: '111' });
  });

  it('computes value, recency, frequency and monetary from the facts at a given time', () => {
    const view = customerValueAt(
      facts({
        revenue: [
          { currency: 'EUR', net: '1500.00', gross: '1785.00', orders: 3 },
          { currency: 'CHF', net: '80.00', gross: '86.16', orders: 1 },
        ],
        orders: [order('a', 20, '500.00'), order('b', 50, '500.00'), order('c', 400, '500.00')],
      }),
      NOW,
    );
    expect(view).toMatchObject({
      customerValue: 1500,
      orderCount: 4,
      recencyDays: 20,
      frequency365: 2,
      monetary365: '1000.00',
      usualIntervalDays: 190,
      rfm: { code: '523' },
    });
  });

  it('raises order recency from 1× to 3× the usual interval, up to 50 points', () => {
    const orders = (days: number) => [order('a', days), order('b', days + 30), order('c', days + 60)];
    expect(factor(customerValueAt(facts({ orders: orders(30) }), NOW), 'order_recency')).toBe(0);
    expect(factor(customerValueAt(facts({ orders: orders(60) }), NOW), 'order_recency')).toBe(25);
    expect(factor(customerValueAt(facts({ orders: orders(90) }), NOW), 'order_recency')).toBe(50);
    expect(factor(customerValueAt(facts({ orders: orders(400) }), NOW), 'order_recency')).toBe(50);
  });

  it('counts complaints of the last 90 days (10 each, at most 20) and any open ticket (5)', () => {
    const view = customerValueAt(
      facts({
        orders: [order('a', 1)],
        openTickets: ['t1', 't2'],
        complaints: [
          { id: 't1', at: daysAgo(5), source: 'ticket' },
          { id: 'e1', at: daysAgo(10), source: 'email' },
          { id: 'e2', at: daysAgo(20), source: 'email' },
          { id: 't0', at: daysAgo(100), source: 'ticket' },
        ],
      }),
      NOW,
    );
    expect(factor(view, 'complaints')).toBe(20);
    expect(factor(view, 'open_tickets')).toBe(5);
    expect(view.churnRisk).toBe(25);
    const old = customerValueAt(
      facts({ orders: [order('a', 1)], complaints: [{ id: 't0', at: daysAgo(91), source: 'ticket' }] }),
      NOW,
    );
    expect(factor(old, 'complaints')).toBe(0);
  });

  it('decays engagement only while delivered mail goes unopened, full at 180 days', () => {
    const base = { orders: [order('a', 1)] };
    const mail = (m: Partial<CustomerFacts['mail']>) => ({
      firstDeliveredAt: null,
      lastDeliveredAt: null,
      lastOpenedAt: null,
      lastClickedAt: null,
      ...m,
    });
    const decay = (m: Partial<CustomerFacts['mail']>) =>
      factor(customerValueAt(facts({ ...base, mail: mail(m) }), NOW), 'engagement_decay');
    expect(decay({})).toBe(0);
    expect(decay({ firstDeliveredAt: daysAgo(90), lastDeliveredAt: daysAgo(90) })).toBe(12.5);
    expect(decay({ firstDeliveredAt: daysAgo(300), lastDeliveredAt: daysAgo(3) })).toBe(25);
    expect(
      decay({ firstDeliveredAt: daysAgo(300), lastDeliveredAt: daysAgo(30), lastClickedAt: daysAgo(29) }),
    ).toBe(0);
    expect(
      decay({ firstDeliveredAt: daysAgo(300), lastDeliveredAt: daysAgo(3), lastOpenedAt: daysAgo(36) }),
    ).toBe(5);
  });

  it('adds the factors into a churn risk of at most 100 and explains each', () => {
    const view = customerValueAt(
      facts({
        orders: [order('a', 200), order('b', 230)],
        openTickets: ['t1'],
        complaints: [{ id: 't1', at: daysAgo(5), source: 'ticket' }],
        mail: {
          firstDeliveredAt: daysAgo(400),
          lastDeliveredAt: daysAgo(2),
          lastOpenedAt: null,
          lastClickedAt: null,
        },
      }),
      NOW,
    );
    expect(view.churnRisk).toBe(90);
    expect(view.churnFactors.map((entry) => entry.factor)).toEqual([
      'order_recency',
      'complaints',
      'open_tickets',
      'engagement_decay',
    ]);
    for (const entry of view.churnFactors) expect(entry.explanation.length).toBeGreaterThan(10);
  });
});
