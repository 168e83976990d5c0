import { describe, expect, it } from 'vitest';
import {
  decimal,
  money,
  moneySchema,
  percentOf,
  percentSchema,
  sumMoney,
  toAmount,
} from '#shared/platform/money.ts';

describe('money', () => {
  it('computes 3 × 19.99 with 7 % discount and 19 % tax to the cent a spreadsheet gives', () => {
    const gross = decimal('19.99').times(3); // 59.97
    const net = decimal(toAmount(gross.minus(percentOf(gross, '7')))); // 59.97 − 4.1979 = 55.7721 → 55.77
    const tax = decimal(toAmount(percentOf(net, '19'))); // 10.5963 → 10.60
    expect(net.toFixed(2)).toBe('55.77');
    expect(tax.toFixed(2)).toBe('10.60');
    expect(toAmount(net.plus(tax))).toBe('66.37');
  });

  it('never goes through floats: 0.1 + 0.2 is 0.30', () => {
    expect(sumMoney([money('0.1', 'EUR'), money('0.2', 'EUR')], 'EUR')).toEqual({
      amount: '0.30',
      currency: 'EUR',
    });
  });

  it('rounds half away from zero', () => {
    expect(toAmount(decimal('2.345'))).toBe('2.35');
    expect(toAmount(decimal('-2.345'))).toBe('-2.35');
    expect(toAmount(decimal('2.344999'))).toBe('2.34');
  });

  it('accepts decimal strings only and refuses mixed currencies', () => {
    expect(moneySchema.safeParse({ amount: '1234.50', currency: 'EUR' }).success).toBe(true);
    expect(moneySchema.safeParse({ amount: 1234.5, currency: 'EUR' }).success).toBe(false);
    expect(moneySchema.safeParse({ amount: '1e3', currency: 'EUR' }).success).toBe(false);
    expect(percentSchema.safeParse('101').success).toBe(false);
    expect(() => sumMoney([money('1', 'EUR'), money('1', 'USD')], 'EUR')).toThrow();
  });
});
