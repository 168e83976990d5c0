import { describe, expect, it } from 'vitest';
import { campaignItem } from '#shared/campaigns/campaign.entity.ts';
import { campaignSent } from '#shared/campaigns/campaign.events.ts';
import { emailClicked } from '#shared/engagement/engagement.events.ts';
import { orderPlaced } from '#shared/orders/order.events.ts';
import { getItem } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { createEvent, type DomainEvent, SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { newId } from '#shared/platform/ids.ts';
import { contactFactsKey } from '#shared/reports/report.entity.ts';
import { consume } from '../../functions/report-aggregator/report-aggregator.handler.ts';
import { invoke } from '../support/invoke.ts';
import { busMessage, sqsEvent } from '../support/order-fixture.ts';

/** Click and order of one contact at the same moment, this many times (a lost race shows as missing revenue). */
const RACES = 30;

const at = (event: DomainEvent, occurredAt: string): DomainEvent => ({ ...event, occurredAt });

const order = (contactId: string | null, occurredAt: string, amount: string) =>
  at(
    createEvent(
      orderPlaced,
      `o-${occurredAt}`,
      {
        quoteId: 'q-1',
        opportunityId: null,
        contactId,
        accountId: null,
        ownerId: null,
        net: { amount, currency: 'EUR' },
        tax: { amount: '0.00', currency: 'EUR' },
        total: { amount, currency: 'EUR' },
        lineCount: 1,
      },
      SYSTEM_ACTOR,
    ),
    occurredAt,
  );

const click = (contactId: string, campaignId: string, occurredAt: string) =>
  at(
    createEvent(
      emailClicked,
      contactId,
      { source: 'campaign', campaignId, sequenceId: null, messageId: `msg-${contactId}`, linkHost: null },
      SYSTEM_ACTOR,
    ),
    occurredAt,
  );

/** Each event in its own Lambda invocation, all at the same time (parallel consumers). */
const concurrently = async (events: DomainEvent[]) => {
  const results = await Promise.all(
    events.map((event) => consume(sqsEvent([busMessage(event)]), {} as never)),
  );
  for (const result of results) expect(result.batchItemFailures).toEqual([]);
};

const kpi = async (from: string, to: string, name: string) => {
  const answer = await invoke('GET', `/v1/reports/kpis?from=${from}&to=${to}`);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return (answer.json.kpis as { name: string; rows: unknown[] }[]).find((entry) => entry.name === name)?.rows;
};

describe('report aggregator', () => {
  it('keeps one contact’s order days exact when its orders are consumed at the same moment', async () => {
    const days = ['2027-01-05', '2027-01-20', '2027-02-03', '2027-02-04', '2027-03-10'];
    await concurrently(
      days.map((day, index) => order('c-par', `${day}T10:00:00.000Z`, `${10 * (index + 1)}.00`)),
    );
    const customer = await getItem(contactFactsKey('c-par'));
    expect(customer?.days).toEqual(days);

    expect(await kpi('2027-01-01', '2027-02-01', 'new-customers')).toEqual([{ new_customers: 1 }]);
    expect(await kpi('2027-02-01', '2027-03-01', 'new-customers')).toEqual([{ new_customers: 0 }]);
    // February: two orders (30.00 and 40.00) of one customer.
    expect(await kpi('2027-02-01', '2027-03-01', 'customer-value')).toEqual([
      { currency: 'EUR', customers: 1, revenue: '70.00', avg_value: '70.00' },
    ]);
    // Ordered in the 180 days before 2027-02-05, next order 2027-03-10: base 1; churned in a
    // period that ends before the next order, retained in one that contains it.
    expect(await kpi('2027-02-05', '2027-03-01', 'churn-rate')).toEqual([{ base: 1, churned: 1, rate: 1 }]);
    expect(await kpi('2027-02-05', '2027-04-01', 'churn-rate')).toEqual([{ base: 1, churned: 0, rate: 0 }]);
  });

  it('attributes an order to a campaign click consumed at the same moment', async () => {
    const campaignId = newId();
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    uow.create(
      campaignItem({
        id: campaignId,
        createdAt: '2027-05-01T00:00:00.000Z',
        updatedAt: '2027-05-01T00:00:00.000Z',
        version: 1,
        name: 'Spring',
        segmentId: 'seg-1',
        templateId: 'tpl-1',
        purpose: 'newsletter',
        costs: { amount: '100.00', currency: 'EUR' },
        attributionDays: 7,
        scheduledAt: null,
        status: 'sent',
        configurationSetName: 'probe',
        segmentGeneration: 1,
        startedAt: '2027-05-02T08:00:00.000Z',
        sentAt: '2027-05-02T09:00:00.000Z',
        cancelledAt: null,
      }),
      () => new Error('exists'),
    );
    await uow.commit();
    const sent = at(
      createEvent(campaignSent, campaignId, { recipients: 1, sent: 1, skipped: 0, failed: 0 }, SYSTEM_ACTOR),
      '2027-05-02T09:00:00.000Z',
    );
    await concurrently([sent]);
    for (let round = 0; round < RACES; round += 1) {
      const contactId = `c-race-${round}`;
      await concurrently([
        click(contactId, campaignId, '2027-05-03T10:00:00.000Z'),
        order(contactId, '2027-05-04T10:00:00.000Z', '50.00'),
      ]);
    }
    expect(await kpi('2027-05-01', '2027-06-01', 'campaign-roi')).toEqual([
      {
        campaign_id: campaignId,
        currency: 'EUR',
        cost: '100.00',
        revenue: `${50 * RACES}.00`,
        roi: (50 * RACES - 100) / 100,
      },
    ]);
    // `to` before the orders: they were placed after the period.
    expect(await kpi('2027-05-01', '2027-05-04', 'campaign-roi')).toEqual([
      { campaign_id: campaignId, currency: 'EUR', cost: '100.00', revenue: '0.00', roi: -1 },
    ]);
  });

  it('links each campaign row to the campaign’s stats', async () => {
    const answer = await invoke('GET', '/v1/reports/dashboards/marketing?from=2027-05-01&to=2027-06-01');
    const roi = (answer.json.kpis as { name: string; links: { row: number; href: string }[] }[]).find(
      (entry) => entry.name === 'campaign-roi',
    );
    const href = roi?.links.find((link) => link.row === 0)?.href ?? '';
    expect(href).toMatch(/^\/v1\/campaigns\/[0-9A-Z]{26}\/stats$/);
    expect((await invoke('GET', href)).status).toBe(200);
  });

  it('counts no order without a contact, as the lake does (it has no customer)', async () => {
    await concurrently([order(null, '2027-07-10T10:00:00.000Z', '99.00')]);
    expect(await kpi('2027-07-01', '2027-08-01', 'customer-value')).toEqual([]);
    expect(await kpi('2027-07-01', '2027-08-01', 'new-customers')).toEqual([{ new_customers: 0 }]);
  });

  it('shows a sent campaign without a record with null cost and currency, never a silent 0', async () => {
    const campaignId = newId();
    await concurrently([
      at(
        createEvent(
          campaignSent,
          campaignId,
          { recipients: 1, sent: 1, skipped: 0, failed: 0 },
          SYSTEM_ACTOR,
        ),
        '2027-08-02T09:00:00.000Z',
      ),
    ]);
    expect(await kpi('2027-08-01', '2027-09-01', 'cost-per-lead')).toEqual([
      { currency: null, cost: null, leads: 0, cost_per_lead: null },
    ]);
    expect(await kpi('2027-08-01', '2027-09-01', 'campaign-roi')).toEqual([
      { campaign_id: campaignId, currency: null, cost: null, revenue: '0.00', roi: null },
    ]);
  });

  it('fails a record that is no KPI event, so it ends in the DLQ', async () => {
    const body = busMessage({ ...order('c-x', '2027-01-01T00:00:00.000Z', '1.00'), name: 'order.synced' });
    const result = await consume(sqsEvent([body]), {} as never);
    expect(result.batchItemFailures).toHaveLength(1);
  });
});
