import type * as z from 'zod';
import { type CreateLeadInput, createLeadBody } from '#shared/leads/lead.schema.ts';
import { CURRENCIES } from '#shared/platform/money.ts';
import type { ColumnMapping } from './lead-columns.ts';

/** A row as a lead: the validated body for `POST /v1/leads`, or why it cannot be one. */
export type LeadRow = { ok: true; body: CreateLeadInput } | { ok: false; reasons: string[] };

const CURRENCY_SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', 'Fr.': 'CHF' };

/**
 * A spreadsheet amount as a decimal string: `25.000,50` and `25,000.50` both give `25000.50`.
 * With one kind of separator, groups of exactly three digits are thousands (`25.000`), anything
 * else is the decimal separator (`1,5`).
 */
export const normaliseAmount = (raw: string): string => {
  const compact = raw.replace(/[\s'’]/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalMark = lastDot > lastComma ? '.' : ',';
    const grouping = decimalMark === '.' ? ',' : '.';
    return compact.replaceAll(grouping, '').replace(decimalMark, '.');
  }
  const mark = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : undefined;
  if (!mark) return compact;
  const thousands = new RegExp(`^-?\\d{1,3}(\\${mark}\\d{3})+$`);
  return thousands.test(compact) ? compact.replaceAll(mark, '') : compact.replace(mark, '.');
};

/** `25000 EUR`, `EUR 25.000,00`, `25.000 €`: money, or a reason. A currency is required. */
export const parseBudget = (cell: string): { amount: string; currency: string } | string => {
  let rest = cell.trim();
  let currency: string | undefined;
  for (const [symbol, code] of Object.entries(CURRENCY_SYMBOLS)) {
    if (rest.includes(symbol)) {
      currency = code;
      rest = rest.replace(symbol, '');
    }
  }
  const code = rest.match(/[A-Za-z]{3}/)?.[0];
  if (code) {
    currency = code.toUpperCase();
    rest = rest.replace(code, '');
  }
  if (!currency) return `Must name a currency (${CURRENCIES.join(', ')}), e.g. "25000 EUR".`;
  return { amount: normaliseAmount(rest.trim()), currency };
};

const describe = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.map((issue) => `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);

/**
 * Turns a CSV row into a lead body validated with the API's own schema: empty cells are left out,
 * `source` defaults to `import`, `timing` is matched case-insensitively.
 */
export const toLeadRow = (values: readonly string[], mapping: ColumnMapping): LeadRow => {
  const reasons: string[] = [];
  const extra = values.slice(mapping.fields.length).filter((value) => value.trim());
  if (extra.length > 0) {
    reasons.push(
      `has ${values.length} fields, the header ${mapping.fields.length}: check the quoting of this row`,
    );
  }
  const input: Record<string, unknown> = {};
  mapping.fields.forEach((field, index) => {
    const cell = values[index]?.trim();
    if (!field || !cell) return;
    if (field === 'budget') {
      const budget = parseBudget(cell);
      if (typeof budget === 'string') reasons.push(`budget: ${budget}`);
      else input.budget = budget;
    } else input[field] = field === 'timing' ? cell.toLowerCase() : cell;
  });
  if (input.email === undefined) reasons.push('email: missing');
  input.source ??= 'import';
  const parsed = createLeadBody.safeParse(input);
  if (!parsed.success) {
    // "missing" says more than zod's "expected string, received undefined".
    const issues = parsed.error.issues.filter(
      (issue) => !(issue.path[0] === 'email' && input.email === undefined),
    );
    reasons.push(...describe(issues));
  }
  if (reasons.length > 0 || !parsed.success) return { ok: false, reasons };
  return { ok: true, body: parsed.data };
};
