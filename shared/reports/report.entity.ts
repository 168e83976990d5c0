/**
 * Key layout of the report counters and of the small per-entity items behind the history-dependent
 * KPIs (docs/reports.md). Counters: one partition per metric, sort key `<yyyy-mm-dd>#<dimension…>`,
 * so a period `[from, to)` is one Query per metric (`BETWEEN from AND <last day>~`).
 */
export const REPORT_COUNTER_ENTITY = 'report-counter';
export const REPORT_CLAIM_ENTITY = 'report-claim';
export const REPORT_CONTACT_FACTS_ENTITY = 'report-contact-facts';
export const REPORT_CLICK_ENTITY = 'report-click';
export const REPORT_ATTRIBUTED_ORDER_ENTITY = 'report-attributed-order';

/** The counter partitions (one per metric). */
export const METRICS = {
  leads: 'REPORT#leads',
  conversions: 'REPORT#conversions',
  won: 'REPORT#won',
  lost: 'REPORT#lost',
  campaignsSent: 'REPORT#campaigns-sent',
  email: 'REPORT#email',
  unsubscribes: 'REPORT#unsubscribes',
  tickets: 'REPORT#tickets',
  surveys: 'REPORT#surveys',
  orders: 'REPORT#orders',
  newCustomers: 'REPORT#new-customers',
  orderGaps: 'REPORT#order-gaps',
} as const;
export type Metric = keyof typeof METRICS;

/** Per currency: each order day of a contact with the contact's previous order day in that currency. */
export const orderPrevPartition = (currency: string): string => `REPORT#order-prev#${currency}`;

/** Marks "no day" in sort keys: no next order yet (sorts after every date) / no previous one. */
export const OPEN_END = '~';
export const NO_START = '-';

export const counterKey = (partition: string, day: string, ...dims: string[]) => ({
  pk: partition,
  sk: [day, ...dims].join('#'),
});

/** `[from, lastDay]` as sort-key bounds: every `<day>` and `<day>#…` key of the days in between. */
export const daysBetween = (from: string, lastDay: string): readonly [string, string] => [
  from,
  `${lastDay}~`,
];

/** One claim per consumed event (or per mail fact): written in the transaction of its counters. */
export const claimKey = (claim: string) => ({ pk: `REPORT_CLAIM#${claim}`, sk: 'CLAIM' });

/**
 * A contact's facts in ONE item: order days (all and per currency), first click per campaign and the
 * newest orders. Orders and clicks meet on this item under optimistic locking, so of an order and a
 * click consumed at the same moment the one that writes second has read the other.
 */
export const contactFactsKey = (contactId: string) => ({ pk: `REPORT_CONTACT#${contactId}`, sk: 'FACTS' });

/** A campaign's attribution partition: first click per contact, orders of those contacts after it. */
export const campaignAttributionPartition = (campaignId: string): string => `REPORT_CAMPAIGN#${campaignId}`;
export const campaignClickKey = (campaignId: string, contactId: string) => ({
  pk: campaignAttributionPartition(campaignId),
  sk: `CLICK#${contactId}`,
});
export const campaignOrderKey = (campaignId: string, contactId: string, orderId: string) => ({
  pk: campaignAttributionPartition(campaignId),
  sk: `ORDER#${contactId}#${orderId}`,
});
