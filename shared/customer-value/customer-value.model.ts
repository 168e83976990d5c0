import Big from 'big.js';
import { type Currency, toAmount } from '#shared/platform/money.ts';
import type {
  ChurnFactor,
  CustomerFacts,
  CustomerValueView,
  OrderFact,
  Published,
} from './customer-value.schema.ts';

/**
 * The customer value and churn-risk model (docs/customer-value.md explains every number). Pure: facts
 * and a time in, figures out, so the read path, the event consumer and the daily job agree, and unit
 * tests drive it with fixed dates.
 */

/** The currency of `customerValue`: revenue in other currencies is listed, never converted. */
export const MAIN_CURRENCY: Currency = 'EUR';
/** Orders remembered per customer for frequency, intervals and cancellation. */
export const MAX_ORDER_FACTS = 500;
/** Complaints count towards churn risk for this long. */
export const COMPLAINT_WINDOW_DAYS = 90;
/** Complaints are remembered this long (then dropped from the facts). */
export const COMPLAINT_MEMORY_DAYS = 365;
/** The usual interval of a customer with a single order (no gap to measure yet). */
export const DEFAULT_ORDER_INTERVAL_DAYS = 90;
/** The usual interval is never taken shorter than this (two orders on one day are not a weekly rhythm). */
export const MIN_ORDER_INTERVAL_DAYS = 7;
/** Gaps between the newest orders the median is taken over. */
export const INTERVAL_SAMPLE = 20;

/** Points per churn factor; they add up to 100. */
export const CHURN_WEIGHTS = {
  /** Full when the time since the last order reaches 3× the usual interval. */
  order_recency: 50,
  /** 10 per complaint in the last 90 days, at most 20. */
  complaints: 20,
  /** Any ticket still open. */
  open_tickets: 5,
  /** Full when marketing mail has gone unopened for 180 days. */
  engagement_decay: 25,
} as const;
const POINTS_PER_COMPLAINT = 10;
/** Overdue ratio (days since the last order ÷ usual interval) from which order recency is at full weight. */
const FULL_RECENCY_RATIO = 3;
export const ENGAGEMENT_DECAY_DAYS = 180;

const DAY_MS = 86_400_000;

const daysBetween = (from: string, now: Date): number =>
  Math.max(0, (now.getTime() - Date.parse(from)) / DAY_MS);

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;

/** The median gap in days between consecutive orders (newest INTERVAL_SAMPLE + 1), or null with fewer than two. */
export const usualInterval = (orders: readonly OrderFact[]): number | null => {
  if (orders.length === 0) return null;
  const sample = orders.slice(0, INTERVAL_SAMPLE + 1).map((order) => Date.parse(order.at));
  if (sample.length < 2) return DEFAULT_ORDER_INTERVAL_DAYS;
  const gaps: number[] = [];
  for (let index = 1; index < sample.length; index++)
    gaps.push(Math.abs((sample[index - 1] ?? 0) - (sample[index] ?? 0)) / DAY_MS);
  gaps.sort((a, b) => a - b);
  const middle = Math.floor(gaps.length / 2);
  const median =
    gaps.length % 2 === 1 ? (gaps[middle] ?? 0) : ((gaps[middle - 1] ?? 0) + (gaps[middle] ?? 0)) / 2;
  return oneDecimal(Math.max(MIN_ORDER_INTERVAL_DAYS, median));
};

/** R, F and M scores 1–5 on fixed thresholds (docs/customer-value.md: why not quantiles). */
export const rfmScores = (
  recencyDays: number,
  frequency365: number,
  monetary365: Big,
): { recency: number; frequency: number; monetary: number; code: string } => {
  const recency =
    recencyDays <= 30 ? 5 : recencyDays <= 90 ? 4 : recencyDays <= 180 ? 3 : recencyDays <= 365 ? 2 : 1;
  const frequency =
    frequency365 >= 12 ? 5 : frequency365 >= 6 ? 4 : frequency365 >= 3 ? 3 : frequency365 >= 2 ? 2 : 1;
  const monetary = monetary365.gte(10_000)
    ? 5
    : monetary365.gte(5_000)
      ? 4
      : monetary365.gte(1_000)
        ? 3
        : monetary365.gte(250)
          ? 2
          : 1;
  return { recency, frequency, monetary, code: `${recency}${frequency}${monetary}` };
};

const orderRecencyFactor = (orders: readonly OrderFact[], interval: number, now: Date): ChurnFactor => {
  const last = orders[0];
  if (!last)
    return {
      factor: 'order_recency',
      points: 0,
      maxPoints: CHURN_WEIGHTS.order_recency,
      explanation: 'No orders.',
    };
  const days = daysBetween(last.at, now);
  const ratio = days / interval;
  const points = CHURN_WEIGHTS.order_recency * clamp01((ratio - 1) / (FULL_RECENCY_RATIO - 1));
  return {
    factor: 'order_recency',
    points: oneDecimal(points),
    maxPoints: CHURN_WEIGHTS.order_recency,
    explanation: `Last order ${Math.floor(days)} days ago; usually every ${interval} days (${oneDecimal(ratio)}× the usual interval; full weight at ${FULL_RECENCY_RATIO}×).`,
  };
};

const complaintsFactor = (facts: CustomerFacts, now: Date): ChurnFactor => {
  const recent = facts.complaints.filter(
    (complaint) => daysBetween(complaint.at, now) <= COMPLAINT_WINDOW_DAYS,
  );
  const tickets = recent.filter((complaint) => complaint.source === 'ticket').length;
  const mails = recent.length - tickets;
  return {
    factor: 'complaints',
    points: Math.min(CHURN_WEIGHTS.complaints, POINTS_PER_COMPLAINT * recent.length),
    maxPoints: CHURN_WEIGHTS.complaints,
    explanation: `${tickets} complaint ticket(s) and ${mails} spam complaint(s) about our mail in the last ${COMPLAINT_WINDOW_DAYS} days (${POINTS_PER_COMPLAINT} points each).`,
  };
};

const openTicketsFactor = (facts: CustomerFacts): ChurnFactor => ({
  factor: 'open_tickets',
  points: facts.openTickets.length > 0 ? CHURN_WEIGHTS.open_tickets : 0,
  maxPoints: CHURN_WEIGHTS.open_tickets,
  explanation: `${facts.openTickets.length} ticket(s) not yet resolved.`,
});

const engagementFactor = (facts: CustomerFacts, now: Date): ChurnFactor => {
  const { mail } = facts;
  const opened = [mail.lastOpenedAt, mail.lastClickedAt].filter((at): at is string => at !== null).sort();
  const lastEngaged = opened.at(-1) ?? null;
  const base = { factor: 'engagement_decay' as const, maxPoints: CHURN_WEIGHTS.engagement_decay };
  if (!mail.lastDeliveredAt) return { ...base, points: 0, explanation: 'No marketing mail delivered yet.' };
  if (lastEngaged && lastEngaged >= mail.lastDeliveredAt)
    return { ...base, points: 0, explanation: 'Opened or clicked the latest marketing mail.' };
  const since = lastEngaged ?? mail.firstDeliveredAt ?? mail.lastDeliveredAt;
  const days = daysBetween(since, now);
  return {
    ...base,
    points: oneDecimal(CHURN_WEIGHTS.engagement_decay * clamp01(days / ENGAGEMENT_DECAY_DAYS)),
    explanation: lastEngaged
      ? `Mail delivered since, but no open or click for ${Math.floor(days)} days (full weight at ${ENGAGEMENT_DECAY_DAYS}).`
      : `Never opened or clicked marketing mail, first delivered ${Math.floor(days)} days ago (full weight at ${ENGAGEMENT_DECAY_DAYS}).`,
  };
};

const mainRevenue = (facts: CustomerFacts) => facts.revenue.find((entry) => entry.currency === MAIN_CURRENCY);

/** Every figure of a customer at `now`. */
export const customerValueAt = (facts: CustomerFacts, now: Date): CustomerValueView => {
  const { orders } = facts;
  const main = mainRevenue(facts);
  const yearAgo = now.getTime() - 365 * DAY_MS;
  const lastYear = orders.filter((order) => Date.parse(order.at) >= yearAgo);
  const monetary365 = lastYear
    .filter((order) => order.currency === MAIN_CURRENCY)
    .reduce((sum, order) => sum.plus(order.net), new Big(0));
  const last = orders[0];
  const recencyDays = last ? Math.floor(daysBetween(last.at, now)) : null;
  const interval = usualInterval(orders);
  const isCustomer = last !== undefined && interval !== null;
  const churnFactors = isCustomer
    ? [
        orderRecencyFactor(orders, interval, now),
        complaintsFactor(facts, now),
        openTicketsFactor(facts),
        engagementFactor(facts, now),
      ]
    : [];
  const churnRisk = isCustomer
    ? Math.min(100, Math.round(churnFactors.reduce((sum, factor) => sum + factor.points, 0)))
    : null;
  return {
    contactId: facts.contactId,
    currency: MAIN_CURRENCY,
    customerValue: main ? Number(main.net) : null,
    revenue: facts.revenue,
    margin: null,
    orderCount: facts.revenue.reduce((sum, entry) => sum + entry.orders, 0),
    firstOrderAt: facts.firstOrderAt,
    lastOrderAt: last?.at ?? null,
    recencyDays,
    frequency365: lastYear.length,
    monetary365: toAmount(monetary365),
    usualIntervalDays: interval,
    rfm: recencyDays === null ? null : rfmScores(recencyDays, lastYear.length, monetary365),
    churnRisk,
    churnFactors,
    computedAt: now.toISOString(),
  };
};

/** The two figures segments use (`customerValue`, `churnRisk`), at `now`. */
export const publishedAt = (facts: CustomerFacts, now: Date): Published => {
  const view = customerValueAt(facts, now);
  return { customerValue: view.customerValue, churnRisk: view.churnRisk };
};

export const samePublished = (a: Published, b: Published): boolean =>
  a.customerValue === b.customerValue && a.churnRisk === b.churnRisk;
