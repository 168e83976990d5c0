import Big from 'big.js';
import {
  type Currency,
  decimal,
  type Money,
  money,
  percentOf,
  sumMoney,
  toAmount,
} from '#shared/platform/money.ts';

/**
 * Quote arithmetic, pure and exact (big.js, no floats). Per line:
 *   gross    = quantity × unitPrice                  (unrounded)
 *   discount = gross × discountPercent / 100         (unrounded)
 *   net      = round2(gross − discount)
 *   tax      = round2(net × taxPercent / 100)
 *   total    = net + tax
 * The quote's net, tax and total are the sums of the rounded line figures, so the document adds up
 * line by line as a spreadsheet does. Rounding is half away from zero (`toAmount`).
 */
export type LineInput = {
  quantity: string;
  unitPrice: Money;
  discountPercent: string;
  taxPercent: string;
};

export type LineFigures = { net: Money; tax: Money; total: Money };

/** Net and tax of one tax rate, for the document's tax summary. */
export type TaxRateTotal = { taxPercent: string; net: Money; tax: Money };

export type QuoteFigures = {
  net: Money;
  tax: Money;
  total: Money;
  /** The highest line discount ("0" without lines): what approval is judged on. */
  maxDiscountPercent: string;
  /** One entry per tax rate, ascending by rate. */
  taxByRate: TaxRateTotal[];
};

export const priceLine = (line: LineInput, currency: Currency): LineFigures => {
  if (line.unitPrice.currency !== currency) {
    throw new Error(`A ${line.unitPrice.currency} price on a ${currency} quote.`);
  }
  const gross = decimal(line.quantity).times(line.unitPrice.amount);
  const net = decimal(toAmount(gross.minus(percentOf(gross, line.discountPercent))));
  const tax = decimal(toAmount(percentOf(net, line.taxPercent)));
  return { net: money(net, currency), tax: money(tax, currency), total: money(net.plus(tax), currency) };
};

/** "19", "19.0" and "19.00" are one rate. */
const canonicalPercent = (percent: string): string => new Big(percent).toString();

export const sumLines = (
  lines: readonly (LineFigures & { taxPercent: string; discountPercent: string })[],
  currency: Currency,
): QuoteFigures => {
  const rates = new Map<string, LineFigures[]>();
  let maxDiscount = new Big(0);
  for (const line of lines) {
    const rate = canonicalPercent(line.taxPercent);
    rates.set(rate, [...(rates.get(rate) ?? []), line]);
    if (new Big(line.discountPercent).gt(maxDiscount)) maxDiscount = new Big(line.discountPercent);
  }
  const taxByRate = [...rates.entries()]
    .sort(([a], [b]) => new Big(a).cmp(new Big(b)))
    .map(([taxPercent, ofRate]) => ({
      taxPercent,
      net: sumMoney(
        ofRate.map((line) => line.net),
        currency,
      ),
      tax: sumMoney(
        ofRate.map((line) => line.tax),
        currency,
      ),
    }));
  return {
    net: sumMoney(
      lines.map((line) => line.net),
      currency,
    ),
    tax: sumMoney(
      lines.map((line) => line.tax),
      currency,
    ),
    total: sumMoney(
      lines.map((line) => line.total),
      currency,
    ),
    maxDiscountPercent: maxDiscount.toString(),
    taxByRate,
  };
};

/** Prices every line and the whole quote. */
export const priceQuote = <L extends LineInput>(
  lines: readonly L[],
  currency: Currency,
): { lines: (L & LineFigures)[]; figures: QuoteFigures } => {
  const priced = lines.map((line) => ({ ...line, ...priceLine(line, currency) }));
  return { lines: priced, figures: sumLines(priced, currency) };
};

/** Whether a discount needs a manager's approval: strictly above the threshold. */
export const needsApproval = (maxDiscountPercent: string, threshold: string): boolean =>
  new Big(maxDiscountPercent).gt(new Big(threshold));
