import { describe, expect, it } from 'vitest';
import { customerChanges } from '#shared/reports/report-aggregator.service.ts';

type Change = ReturnType<typeof customerChanges>;

/** The counter moves of a change as `partition sk delta`, ignoring order. */
const moves = (change: Change) =>
  change.counters.map(({ key, add }) => `${key.pk} ${key.sk} ${String(Object.values(add)[0])}`).sort();

const customer = (days: string[], byCurrency: Record<string, string[]> = { EUR: days }) => ({
  days,
  byCurrency,
});

describe('order days of a customer → counter moves', () => {
  it('a first order makes a new customer with an open gap and no previous day', () => {
    const change = customerChanges({ days: [], byCurrency: {} }, '2026-03-02', 'EUR');
    expect(moves(change)).toEqual([
      'REPORT#new-customers 2026-03-02 1',
      'REPORT#order-gaps 2026-03-02#~ 1',
      'REPORT#order-prev#EUR 2026-03-02#- 1',
    ]);
    expect(change.days).toEqual(['2026-03-02']);
  });

  it('a later order closes the open gap and opens its own', () => {
    expect(moves(customerChanges(customer(['2026-03-02']), '2026-03-09', 'EUR'))).toEqual([
      'REPORT#order-gaps 2026-03-02#2026-03-09 1',
      'REPORT#order-gaps 2026-03-02#~ -1',
      'REPORT#order-gaps 2026-03-09#~ 1',
      'REPORT#order-prev#EUR 2026-03-09#2026-03-02 1',
    ]);
  });

  it('an earlier order arriving late moves the first-order day and splits nothing before it', () => {
    expect(moves(customerChanges(customer(['2026-03-09']), '2026-03-02', 'EUR'))).toEqual([
      'REPORT#new-customers 2026-03-02 1',
      'REPORT#new-customers 2026-03-09 -1',
      'REPORT#order-gaps 2026-03-02#2026-03-09 1',
      'REPORT#order-prev#EUR 2026-03-02#- 1',
      'REPORT#order-prev#EUR 2026-03-09#- -1',
      'REPORT#order-prev#EUR 2026-03-09#2026-03-02 1',
    ]);
  });

  it('an order between two others splits their gap', () => {
    expect(moves(customerChanges(customer(['2026-03-02', '2026-03-20']), '2026-03-09', 'EUR'))).toEqual([
      'REPORT#order-gaps 2026-03-02#2026-03-09 1',
      'REPORT#order-gaps 2026-03-02#2026-03-20 -1',
      'REPORT#order-gaps 2026-03-09#2026-03-20 1',
      'REPORT#order-prev#EUR 2026-03-09#2026-03-02 1',
      'REPORT#order-prev#EUR 2026-03-20#2026-03-02 -1',
      'REPORT#order-prev#EUR 2026-03-20#2026-03-09 1',
    ]);
  });

  it('a second order on a known day changes nothing; a new currency that day only its own days', () => {
    const same = customerChanges(customer(['2026-03-02']), '2026-03-02', 'EUR');
    expect(same.changed).toBe(false);
    expect(same.counters).toEqual([]);
    const usd = customerChanges(customer(['2026-03-02']), '2026-03-02', 'USD');
    expect(moves(usd)).toEqual(['REPORT#order-prev#USD 2026-03-02#- 1']);
    expect(usd.byCurrency).toEqual({ EUR: ['2026-03-02'], USD: ['2026-03-02'] });
  });
});
