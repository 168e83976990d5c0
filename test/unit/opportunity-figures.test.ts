import { describe, expect, it } from 'vitest';
import {
  FigureSum,
  forecastKey,
  forecastProbability,
  rankBetween,
  sortForecastKeys,
} from '#shared/opportunities/opportunity.figures.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' as const });

describe('pipeline figures', () => {
  it('weighs 1000.10 + 2500.55 + 99.99 at 40 % to 1440.26, exact to the cent', () => {
    const figures = new FigureSum()
      .add(eur('1000.10'), '40')
      .add(eur('2500.55'), '40')
      .add(eur('99.99'), '40');
    expect(figures.count).toBe(3);
    expect(figures.sums()).toEqual([{ currency: 'EUR', sum: '3600.64', weightedSum: '1440.26' }]);
  });

  it('adds 0.1 + 0.2 as 0.30, not as a float would', () => {
    expect(new FigureSum().add(eur('0.10'), '100').add(eur('0.20'), '100').sums()).toEqual([
      { currency: 'EUR', sum: '0.30', weightedSum: '0.30' },
    ]);
  });

  it('rounds the weighted total once, half away from zero, with decimal probabilities', () => {
    // 3 × 0.01 at 50 % is 0.015 in total (0.01 rounded per line would give 0.03).
    const figures = new FigureSum().add(eur('0.01'), '50').add(eur('0.01'), '50').add(eur('0.01'), '50');
    expect(figures.sums()[0]?.weightedSum).toBe('0.02');
    expect(new FigureSum().add(eur('999.99'), '33.3').sums()[0]?.weightedSum).toBe('333.00');
  });

  it('keeps one figure per currency, sorted by code', () => {
    const figures = new FigureSum()
      .add({ amount: '10.00', currency: 'USD' }, '10')
      .add(eur('20.00'), '10')
      .add({ amount: '5.55', currency: 'USD' }, '10');
    expect(figures.sums()).toEqual([
      { currency: 'EUR', sum: '20.00', weightedSum: '2.00' },
      { currency: 'USD', sum: '15.55', weightedSum: '1.56' },
    ]);
  });
});

describe('forecast grouping', () => {
  it('weighs won deals at 100 % and open ones by their probability', () => {
    expect(forecastProbability({ stage: 'closed_won', probability: '90' })).toBe('100');
    expect(forecastProbability({ stage: 'proposal', probability: '40' })).toBe('40');
  });

  it('groups by month, owner or stage, and sorts months, owners (none last) and stages in board order', () => {
    const deal = { ownerId: null, stage: 'proposal' as const, expectedCloseDate: '2026-03-31' };
    expect(forecastKey(deal, 'month')).toBe('2026-03');
    expect(forecastKey(deal, 'owner')).toBeNull();
    expect(forecastKey(deal, 'stage')).toBe('proposal');
    expect(sortForecastKeys(['2026-04', '2025-12', '2026-01'], 'month', [])).toEqual([
      '2025-12',
      '2026-01',
      '2026-04',
    ]);
    expect(sortForecastKeys([null, 'ben', 'anna'], 'owner', [])).toEqual(['anna', 'ben', null]);
    expect(
      sortForecastKeys(['closed_won', 'qualification', 'negotiation'], 'stage', [
        'qualification',
        'proposal',
        'negotiation',
        'closed_won',
        'closed_lost',
      ]),
    ).toEqual(['qualification', 'negotiation', 'closed_won']);
  });
});

describe('Kanban ranks', () => {
  it('finds a rank strictly between two neighbours, at the top and at the bottom', () => {
    const cases: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      ['a', 'b'],
      ['a', 'a1'],
      ['a0', 'a1'],
      ['zz', undefined],
      [undefined, '01'],
      ['m', 'm0001'],
      ['01jabc', '01jabd'],
    ];
    for (const [before, after] of cases) {
      const rank = rankBetween(before, after);
      expect(rank).toMatch(/^[0-9a-z]+$/);
      if (before !== undefined) expect(rank > before).toBe(true);
      if (after !== undefined) expect(rank < after).toBe(true);
    }
  });

  it('keeps finding ranks when cards are dropped into the same gap again and again', () => {
    let low = 'a';
    const high = 'b';
    for (let drop = 0; drop < 30; drop += 1) {
      const rank = rankBetween(low, high);
      expect(rank > low && rank < high).toBe(true);
      low = rank;
    }
  });

  it('refuses neighbours in the wrong order', () => {
    expect(() => rankBetween('b', 'a')).toThrow();
    expect(() => rankBetween(undefined, '000')).toThrow();
  });
});
