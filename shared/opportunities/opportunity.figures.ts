import type Big from 'big.js';
import { type Currency, decimal, percentOf, toAmount } from '#shared/platform/money.ts';
import type { ForecastGroupBy, Opportunity, Stage } from './opportunity.schema.ts';

/** Sums of one list of opportunities, per currency: amounts never mix currencies. */
export type CurrencyFigures = { currency: Currency; sum: string; weightedSum: string };

type Running = Map<Currency, { sum: Big; weighted: Big }>;

/**
 * Adds amounts and amount × probability / 100 exactly (big.js) and rounds each total to cents
 * once, at the end: 1000.10 + 2500.55 + 99.99 at 40 % weigh 1440.26, as a spreadsheet says.
 */
export class FigureSum {
  count = 0;
  private readonly running: Running = new Map();

  add(amount: Opportunity['amount'], probability: string): this {
    const value = decimal(amount.amount);
    const current = this.running.get(amount.currency) ?? { sum: decimal(0), weighted: decimal(0) };
    this.running.set(amount.currency, {
      sum: current.sum.plus(value),
      weighted: current.weighted.plus(percentOf(value, probability)),
    });
    this.count += 1;
    return this;
  }

  /** One entry per currency that occurred, sorted by currency code. */
  sums(): CurrencyFigures[] {
    return [...this.running.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, totals]) => ({
        currency,
        sum: toAmount(totals.sum),
        weightedSum: toAmount(totals.weighted),
      }));
  }
}

/** The weight of an opportunity in the forecast: won counts in full, open ones by their probability. */
export const forecastProbability = (opportunity: Pick<Opportunity, 'stage' | 'probability'>): string =>
  opportunity.stage === 'closed_won' ? '100' : opportunity.probability;

/** The group an opportunity falls into; month is the expected close date's `YYYY-MM`. */
export const forecastKey = (
  opportunity: Pick<Opportunity, 'ownerId' | 'stage' | 'expectedCloseDate'>,
  groupBy: ForecastGroupBy,
): string | null => {
  if (groupBy === 'owner') return opportunity.ownerId;
  if (groupBy === 'stage') return opportunity.stage;
  return opportunity.expectedCloseDate.slice(0, 7);
};

/** Groups in a stable order: months ascending, stages in board order, owners by id (no owner last). */
export const sortForecastKeys = (
  keys: (string | null)[],
  groupBy: ForecastGroupBy,
  stageOrder: readonly Stage[],
): (string | null)[] => {
  if (groupBy === 'stage') {
    return [...keys].sort((a, b) => stageOrder.indexOf(a as Stage) - stageOrder.indexOf(b as Stage));
  }
  return [...keys].sort((a, b) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return a < b ? -1 : 1;
  });
};

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const BASE = DIGITS.length;
const MAX_RANK_LENGTH = 40;

/**
 * A rank strictly between two neighbours' ranks (either may be missing: top or bottom of the
 * column). Ranks are base-36 fractions written as strings, so string order is board order and a
 * move rewrites only the moved card. Clients use it to compute `rank` for a drag and drop.
 */
export const rankBetween = (before: string | undefined, after: string | undefined): string => {
  const low = before ?? '';
  let high = after;
  if (high !== undefined && low >= high) throw new Error(`No rank between "${low}" and "${high}".`);
  if (high !== undefined && /^0+$/.test(high)) throw new Error(`No rank sorts before "${high}".`);
  let rank = '';
  for (let position = 0; position < MAX_RANK_LENGTH; position += 1) {
    const lowDigit = position < low.length ? DIGITS.indexOf(low.charAt(position)) : 0;
    const highDigit =
      high === undefined ? BASE : position < high.length ? DIGITS.indexOf(high.charAt(position)) : 0;
    if (highDigit - lowDigit > 1) {
      const candidate = rank + DIGITS.charAt(Math.floor((lowDigit + highDigit) / 2));
      if (candidate > low) return candidate;
    }
    rank += DIGITS.charAt(lowDigit);
    // Once the digits part, every later digit of `high` is free: the bound is gone.
    if (highDigit > lowDigit) high = undefined;
  }
  throw new Error(`No rank of at most ${MAX_RANK_LENGTH} characters between "${low}" and "${after}".`);
};
