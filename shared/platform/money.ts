import Big from 'big.js';
import * as z from 'zod';

/**
 * Money is `{ amount: "1234.50", currency: "EUR" }`: a decimal string, never a float. Arithmetic
 * runs on big.js decimals; amounts are rounded to the currency's minor unit (cents) half away from
 * zero, as spreadsheets' ROUND and German commercial rounding do.
 */
export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;
export type Currency = (typeof CURRENCIES)[number];

export const decimalString = z
  .string()
  .trim()
  .regex(/^-?\d{1,15}(\.\d{1,6})?$/, 'Must be a decimal number written as a string, e.g. "1234.50".');

export const moneySchema = z.strictObject({ amount: decimalString, currency: z.enum(CURRENCIES) });
export type Money = z.infer<typeof moneySchema>;

/** A percentage as a decimal string, e.g. "19" or "7.5" (0 to 100). */
export const percentSchema = decimalString.refine(
  (value) => new Big(value).gte(0) && new Big(value).lte(100),
  'Must be a percentage from 0 to 100.',
);

const CENTS = 2;
const ROUND_HALF_UP = 1; // big.js: round half away from zero

export const decimal = (value: string | number | Big): Big => new Big(value);

/** Rounds to cents and writes the canonical string ("55.77", "10.60", "-3.00"). */
export const toAmount = (value: Big): string => value.round(CENTS, ROUND_HALF_UP).toFixed(CENTS);

export const money = (amount: Big | string, currency: Currency): Money => ({
  amount: toAmount(typeof amount === 'string' ? new Big(amount) : amount),
  currency,
});

export const zero = (currency: Currency): Money => money('0', currency);

/** `percent` of `value` (e.g. 19 % tax), unrounded: callers round once, where the document rounds. */
export const percentOf = (value: Big, percent: string): Big => value.times(new Big(percent)).div(100);

/** Sum of amounts of one currency; mixing currencies is a programming error. */
export const sumMoney = (amounts: readonly Money[], currency: Currency): Money => {
  let total = new Big(0);
  for (const amount of amounts) {
    if (amount.currency !== currency) throw new Error(`Cannot add ${amount.currency} to ${currency}.`);
    total = total.plus(amount.amount);
  }
  return money(total, currency);
};
