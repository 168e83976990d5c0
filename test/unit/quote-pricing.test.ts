import { describe, expect, it } from 'vitest';
import type { Money } from '#shared/platform/money.ts';
import { needsApproval, priceLine, priceQuote } from '#shared/quotes/quote-pricing.ts';

const eur = (amount: string): Money => ({ amount, currency: 'EUR' });
const line = (quantity: string, unitPrice: string, discountPercent: string, taxPercent: string) => ({
  quantity,
  unitPrice: eur(unitPrice),
  discountPercent,
  taxPercent,
});

describe('quote pricing', () => {
  it('prices 3 × 19.99 with 7 % discount and 19 % tax as a spreadsheet does: 55.77 + 10.60 = 66.37', () => {
    expect(priceLine(line('3', '19.99', '7', '19'), 'EUR')).toEqual({
      net: eur('55.77'),
      tax: eur('10.60'),
      total: eur('66.37'),
    });
    const { figures } = priceQuote([line('3', '19.99', '7', '19')], 'EUR');
    expect(figures).toMatchObject({ net: eur('55.77'), tax: eur('10.60'), total: eur('66.37') });
  });

  it('taxes per line and sums the rounded line figures, with one tax summary per rate', () => {
    const { lines, figures } = priceQuote(
      [line('3', '19.99', '7', '19'), line('2', '12.35', '0', '7'), line('1', '0.99', '0', '19.0')],
      'EUR',
    );
    expect(lines.map((priced) => [priced.net.amount, priced.tax.amount, priced.total.amount])).toEqual([
      ['55.77', '10.60', '66.37'],
      ['24.70', '1.73', '26.43'], // 1.729 → 1.73
      ['0.99', '0.19', '1.18'], // 0.1881 → 0.19
    ]);
    expect(figures.net).toEqual(eur('81.46'));
    expect(figures.tax).toEqual(eur('12.52'));
    expect(figures.total).toEqual(eur('93.98'));
    expect(figures.taxByRate).toEqual([
      { taxPercent: '7', net: eur('24.70'), tax: eur('1.73') },
      { taxPercent: '19', net: eur('56.76'), tax: eur('10.79') },
    ]);
  });

  it('rounds half away from zero at the cent, for net and for tax', () => {
    // 1 × 0.125 = 0.125 → 0.13 (half up), never banker's 0.12.
    expect(priceLine(line('1', '0.125', '0', '0'), 'EUR').net).toEqual(eur('0.13'));
    // 10.50 × 7 % = 0.735 → 0.74.
    expect(priceLine(line('1', '10.50', '0', '7'), 'EUR').tax).toEqual(eur('0.74'));
    // 2.344999 stays below the half: 2.34.
    expect(priceLine(line('1', '2.344999', '0', '0'), 'EUR').net).toEqual(eur('2.34'));
  });

  it('makes a line free with a 100 % discount, tax included', () => {
    expect(priceLine(line('5', '99.99', '100', '19'), 'EUR')).toEqual({
      net: eur('0.00'),
      tax: eur('0.00'),
      total: eur('0.00'),
    });
  });

  it('applies the discount before rounding (no double rounding) and handles fractional quantities', () => {
    // 2.5 h × 80.00 = 200.00; 12.5 % → 175.00; 19 % → 33.25.
    expect(priceLine(line('2.5', '80.00', '12.5', '19'), 'EUR')).toEqual({
      net: eur('175.00'),
      tax: eur('33.25'),
      total: eur('208.25'),
    });
    // 7 × 0.333 = 2.331 − 3 % (0.06993) = 2.26107 → 2.26.
    expect(priceLine(line('7', '0.333', '3', '0'), 'EUR').net).toEqual(eur('2.26'));
  });

  it('adds a hundred lines exactly, where floats would drift', () => {
    const lines = Array.from({ length: 100 }, () => line('1', '0.10', '0', '19'));
    const { figures } = priceQuote(lines, 'EUR');
    expect(figures.net).toEqual(eur('10.00'));
    expect(figures.tax).toEqual(eur('2.00')); // 0.019 → 0.02 per line
    expect(figures.total).toEqual(eur('12.00'));
    expect(0.1 * 100 + 0.1 * 0.19 * 100).not.toBe(12); // what we avoid
  });

  it('reports the highest line discount and judges approval strictly above the threshold', () => {
    const { figures } = priceQuote([line('1', '10', '5', '19'), line('1', '10', '25', '19')], 'EUR');
    expect(figures.maxDiscountPercent).toBe('25');
    expect(needsApproval(figures.maxDiscountPercent, '15')).toBe(true);
    expect(needsApproval('15', '15')).toBe(false);
    expect(needsApproval('15.01', '15')).toBe(true);
    expect(priceQuote([], 'EUR').figures).toMatchObject({ total: eur('0.00'), maxDiscountPercent: '0' });
  });

  it('refuses a price in another currency than the quote', () => {
    expect(() =>
      priceLine({ ...line('1', '1', '0', '0'), unitPrice: { amount: '1', currency: 'USD' } }, 'EUR'),
    ).toThrow(/USD/);
  });
});
