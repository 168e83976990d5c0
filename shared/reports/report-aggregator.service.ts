import { NumberValue, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { campaignSent } from '#shared/campaigns/campaign.events.ts';
import { consentChanged } from '#shared/contacts/contact.events.ts';
import { emailClicked, emailDelivered, emailOpened } from '#shared/engagement/engagement.events.ts';
import { leadCaptured, leadConverted } from '#shared/leads/lead.events.ts';
import { opportunityLost, opportunityWon } from '#shared/opportunities/opportunity.events.ts';
import { orderPlaced } from '#shared/orders/order.events.ts';
import { epochSeconds } from '#shared/platform/clock.ts';
import { dynamo } from '#shared/platform/db/client.ts';
import type { StoredItem } from '#shared/platform/db/keys.ts';
import { getItem, tableName } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError } from '#shared/platform/errors.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { surveyAnswered, ticketResolved } from '#shared/tickets/ticket.events.ts';
import {
  campaignClickKey,
  campaignOrderKey,
  claimKey,
  contactFactsKey,
  counterKey,
  METRICS,
  NO_START,
  OPEN_END,
  orderPrevPartition,
  REPORT_ATTRIBUTED_ORDER_ENTITY,
  REPORT_CLAIM_ENTITY,
  REPORT_CLICK_ENTITY,
  REPORT_CONTACT_FACTS_ENTITY,
  REPORT_COUNTER_ENTITY,
} from './report.entity.ts';

/** One schema per event of REPORT_EVENTS (report.events.ts). */
export const reportEventSchema = z.union([
  leadCaptured.schema,
  leadConverted.schema,
  opportunityWon.schema,
  opportunityLost.schema,
  campaignSent.schema,
  emailDelivered.schema,
  emailOpened.schema,
  emailClicked.schema,
  consentChanged.schema,
  ticketResolved.schema,
  surveyAnswered.schema,
  orderPlaced.schema,
]);
export type ReportEvent = z.infer<typeof reportEventSchema>;

/**
 * Claims outlive any redelivery: SQS keeps a message 14 days at most, a DLQ redrive adds at most
 * another 14.
 */
const CLAIM_TTL_SECONDS = 30 * 86_400;
/** The longest attribution window a campaign may have (campaign.schema.ts `attributionDays` ≤ 365). */
const MAX_ATTRIBUTION_MS = 365 * 86_400_000;
const ATTEMPTS = 5;

/** The event (or mail fact) was counted before: its claim exists. */
class AlreadyCounted extends Error {}
/** A contact's facts changed since they were read: read again and retry. */
class StaleFacts extends Error {}

/** The unit of work's answer to DynamoDB's TransactionConflict (no condition failed). */
const isTransactionConflict = (error: unknown): boolean =>
  error instanceof AppError && error.type === 'conflict' && error.headers['retry-after'] !== undefined;

/** The UTC day of an event: the bucket of every counter. */
export const dayOf = (iso: string): string => iso.slice(0, 10);

type Counter = {
  key: { pk: string; sk: string };
  /** Plain attributes (the dimensions, so readers never parse sort keys). */
  set: Record<string, unknown>;
  /** Numbers to ADD (negative to move a count). Amounts as NumberValue: exact decimals. */
  add: Record<string, number | NumberValue>;
};

const counter = (
  partition: string,
  day: string,
  dims: string[],
  set: Record<string, unknown>,
  add: Counter['add'],
): Counter => ({ key: counterKey(partition, day, ...dims), set: { day, ...set }, add });

const addCounter = (uow: UnitOfWork, { key, set, add }: Counter): void => {
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': REPORT_COUNTER_ENTITY };
  const sets = ['#entity = :entity'];
  Object.entries(set).forEach(([name, value], index) => {
    names[`#s${index}`] = name;
    values[`:s${index}`] = value;
    sets.push(`#s${index} = :s${index}`);
  });
  const adds = Object.entries(add).map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} :a${index}`;
  });
  uow.update(
    key,
    {
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    () => new AppError('conflict', 'A report counter refused an unconditional update.'),
  );
};

/**
 * The claim and the counters in ONE transaction: a redelivered event finds its claim and adds
 * nothing. `extra` adds further conditional writes (the customer item); false = counted before.
 */
const countOnce = async (
  claim: string,
  counters: readonly Counter[],
  extra?: (uow: UnitOfWork) => void,
): Promise<boolean> => {
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  uow.create(
    { ...claimKey(claim), entity: REPORT_CLAIM_ENTITY, expiresAt: epochSeconds() + CLAIM_TTL_SECONDS },
    () => new AlreadyCounted(),
    10,
  );
  extra?.(uow);
  for (const entry of counters) addCounter(uow, entry);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await uow.commit();
      return true;
    } catch (error) {
      if (error instanceof AlreadyCounted) return false;
      // Another transaction held one of the counters at this moment: retry after a short, random pause.
      if (!isTransactionConflict(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
    }
  }
};

/** Keeps the earliest click of a contact on the campaign's side (read when ROI is asked for). */
const keepFirstClick = async (campaignId: string, contactId: string, at: string): Promise<void> => {
  try {
    await dynamo.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: campaignClickKey(campaignId, contactId),
        UpdateExpression:
          'SET #entity = :entity, campaignId = :campaignId, contactId = :contactId, firstClickAt = :at',
        ConditionExpression: 'attribute_not_exists(firstClickAt) OR firstClickAt > :at',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: {
          ':entity': REPORT_CLICK_ENTITY,
          ':campaignId': campaignId,
          ':contactId': contactId,
          ':at': at,
        },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
};

type OrderFact = { orderId: string; at: string; amount: string; currency: string };

/** Copies an order into a campaign's attribution partition (idempotent: same key, same content). */
const attribute = (campaignId: string, contactId: string, order: OrderFact) =>
  dynamo.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...campaignOrderKey(campaignId, contactId, order.orderId),
        entity: REPORT_ATTRIBUTED_ORDER_ENTITY,
        campaignId,
        contactId,
        ...order,
      },
    }),
  );

const inWindow = (orderAt: string, clickAt: string): boolean => {
  const gap = Date.parse(orderAt) - Date.parse(clickAt);
  return gap >= 0 && gap < MAX_ATTRIBUTION_MS;
};

/**
 * A contact's facts (contactFactsKey): order days, first click per campaign, the newest orders.
 * Orders and clicks both change this one item under optimistic locking (`version`), so of an order
 * and a click consumed at the same moment the one that commits second has read the other and
 * copies the order to the campaign. The copies are idempotent puts; the window is applied at query
 * time with the campaign's current `attributionDays` (as the lake does with `dim_campaigns`), here
 * only the longest possible window bounds what is copied.
 */
type ContactFacts = {
  days: string[];
  byCurrency: Record<string, string[]>;
  clicks: Record<string, string>;
  orders: OrderFact[];
  version: number;
};

/** Orders kept on the facts item for clicks that arrive later (a click only counts orders after it). */
const KEPT_ORDERS = 500;

const contactFacts = async (contactId: string): Promise<ContactFacts> => {
  const item = await getItem(contactFactsKey(contactId));
  return {
    days: (item?.days as string[] | undefined) ?? [],
    byCurrency: (item?.byCurrency as Record<string, string[]> | undefined) ?? {},
    clicks: (item?.clicks as Record<string, string> | undefined) ?? {},
    orders: (item?.orders as OrderFact[] | undefined) ?? [],
    version: item ? Number(item.version) : 0,
  };
};

/** Writes the facts if nobody changed them since `current` was read (else StaleFacts). */
const writeFacts = (
  uow: UnitOfWork,
  contactId: string,
  current: ContactFacts,
  next: Omit<ContactFacts, 'version'>,
) => {
  const item: StoredItem = {
    ...contactFactsKey(contactId),
    entity: REPORT_CONTACT_FACTS_ENTITY,
    contactId,
    ...next,
    version: current.version + 1,
  };
  if (current.version === 0) uow.create(item, () => new StaleFacts());
  else uow.replace(item, current.version, () => new StaleFacts());
};

/** Retries `attempt` while the facts moved under it (or a transaction met another). */
const onFreshFacts = async <T>(attempt: () => Promise<T>): Promise<T> => {
  for (let round = 1; ; round += 1) {
    try {
      return await attempt();
    } catch (error) {
      const raced = error instanceof StaleFacts || isTransactionConflict(error);
      if (!raced || round >= ATTEMPTS) throw error;
    }
  }
};

const recordClick = (campaignId: string, contactId: string, at: string): Promise<void> =>
  onFreshFacts(async () => {
    const current = await contactFacts(contactId);
    const first = current.clicks[campaignId];
    if (first === undefined || first > at) {
      const uow = new UnitOfWork(SYSTEM_ACTOR);
      writeFacts(uow, contactId, current, { ...current, clicks: { ...current.clicks, [campaignId]: at } });
      await uow.commit();
    }
    await keepFirstClick(campaignId, contactId, at);
    for (const order of current.orders) {
      if (inWindow(order.at, at)) await attribute(campaignId, contactId, order);
    }
  });

/** Where `day` falls among `days`: its neighbours; null when it is there already. */
const neighbours = (days: readonly string[], day: string) => {
  if (days.includes(day)) return null;
  const previous = days.filter((other) => other < day).at(-1) ?? null;
  const next = days.find((other) => other > day) ?? null;
  return { previous, next, days: [...days, day].sort() };
};

const gap = (day: string, next: string | null, delta: number): Counter =>
  counter(METRICS.orderGaps, day, [next ?? OPEN_END], { next }, { contacts: delta });
const previousOf = (currency: string, day: string, previous: string | null, delta: number): Counter =>
  counter(
    orderPrevPartition(currency),
    day,
    [previous ?? NO_START],
    { currency, previous },
    { contacts: delta },
  );

/**
 * The counters an order day changes for its contact. Gaps (`REPORT#order-gaps`): per order day,
 * the contact's next order day (churn-rate). Previous (`REPORT#order-prev#<currency>`): per order
 * day in a currency, the contact's previous order day in it (distinct customers of customer-value).
 * New customers: the day of the first order ever, moved when an earlier order arrives late.
 */
export const customerChanges = (
  current: Pick<ContactFacts, 'days' | 'byCurrency'>,
  day: string,
  currency: string,
) => {
  const counters: Counter[] = [];
  const all = neighbours(current.days, day);
  if (all) {
    if (all.previous) {
      counters.push(gap(all.previous, all.next, -1), gap(all.previous, day, 1));
    } else {
      if (all.next) counters.push(counter(METRICS.newCustomers, all.next, [], {}, { customers: -1 }));
      counters.push(counter(METRICS.newCustomers, day, [], {}, { customers: 1 }));
    }
    counters.push(gap(day, all.next, 1));
  }
  const inCurrency = neighbours(current.byCurrency[currency] ?? [], day);
  if (inCurrency) {
    if (inCurrency.next) {
      counters.push(
        previousOf(currency, inCurrency.next, inCurrency.previous, -1),
        previousOf(currency, inCurrency.next, day, 1),
      );
    }
    counters.push(previousOf(currency, day, inCurrency.previous, 1));
  }
  const changed = all !== null || inCurrency !== null;
  return {
    counters,
    changed,
    days: all?.days ?? current.days,
    byCurrency: inCurrency ? { ...current.byCurrency, [currency]: inCurrency.days } : current.byCurrency,
  };
};

const countOrder = async (event: z.infer<typeof orderPlaced.schema>): Promise<void> => {
  const { contactId, total } = event.data;
  const day = dayOf(event.occurredAt);
  const revenue = counter(
    METRICS.orders,
    day,
    [total.currency],
    { currency: total.currency },
    {
      orders: 1,
      revenue: NumberValue.from(total.amount),
    },
  );
  // An order without a contact has no customer: no KPI counts it (docs/kpis.md, Notes).
  if (!contactId) return;
  const order: OrderFact = {
    orderId: event.subject.id,
    at: event.occurredAt,
    amount: total.amount,
    currency: total.currency,
  };
  await onFreshFacts(async () => {
    const current = await contactFacts(contactId);
    const change = customerChanges(current, day, total.currency);
    const known = current.orders.some((kept) => kept.orderId === order.orderId);
    // Counted before (a redelivery) or not: the copies below are idempotent, so a crash between the
    // transaction and the copies is repaired by the redelivery.
    await countOnce(event.id, [revenue, ...change.counters], (uow) => {
      if (!change.changed && known) return;
      const orders = known
        ? current.orders
        : [...current.orders, order].sort((a, b) => (a.at < b.at ? 1 : -1)).slice(0, KEPT_ORDERS);
      writeFacts(uow, contactId, current, {
        ...current,
        days: change.days,
        byCurrency: change.byCurrency,
        orders,
      });
    });
    for (const [campaignId, clickAt] of Object.entries(current.clicks)) {
      if (inWindow(order.at, clickAt)) await attribute(campaignId, contactId, order);
    }
  });
};

type MailEvent =
  | z.infer<typeof emailDelivered.schema>
  | z.infer<typeof emailOpened.schema>
  | z.infer<typeof emailClicked.schema>;

/**
 * A campaign's mail events arrive by the thousand per minute: they spread over this many counter
 * items per day (by message id), so concurrent transactions rarely meet on one item. Readers sum
 * items by their attributes, not their keys, so shards add up by themselves.
 */
const MAIL_SHARDS = 8;
const shardOf = (messageId: string): string => {
  let hash = 0;
  for (const character of messageId) hash = (hash * 31 + (character.codePointAt(0) ?? 0)) % 1_000_003;
  return String(hash % MAIL_SHARDS);
};

/** Distinct `messageId` per kind: the claim is the mail fact, so a second report of it adds nothing. */
const countMail = (event: MailEvent, kind: 'delivered' | 'opened' | 'clicked') => {
  const { source, campaignId, sequenceId, messageId } = event.data;
  const sourceId = (source === 'campaign' ? campaignId : sequenceId) ?? NO_START;
  return countOnce(`${event.name}#${messageId}`, [
    counter(
      METRICS.email,
      dayOf(event.occurredAt),
      [source, sourceId, shardOf(messageId)],
      { source, campaignId, sequenceId },
      {
        [kind]: 1,
      },
    ),
  ]);
};

/** Applies one event to the report counters; idempotent, so SQS redelivery is harmless. */
export const aggregateEvent = async (event: ReportEvent): Promise<void> => {
  const day = dayOf(event.occurredAt);
  switch (event.name) {
    case 'lead.captured':
      if (event.data.returning) return;
      await countOnce(event.id, [
        counter(METRICS.leads, day, [event.data.source], { source: event.data.source }, { leads: 1 }),
      ]);
      return;
    case 'lead.converted':
      await countOnce(event.id, [counter(METRICS.conversions, day, [], {}, { converted: 1 })]);
      return;
    case 'opportunity.won': {
      const { ownerId, amount, daysToClose } = event.data;
      await countOnce(event.id, [
        counter(
          METRICS.won,
          day,
          [amount.currency, ownerId ?? NO_START],
          { currency: amount.currency, ownerId },
          { won: 1, revenue: NumberValue.from(amount.amount), cycleDays: daysToClose },
        ),
      ]);
      return;
    }
    case 'opportunity.lost':
      await countOnce(event.id, [
        counter(
          METRICS.lost,
          day,
          [event.data.lostReason],
          { lostReason: event.data.lostReason },
          { lost: 1 },
        ),
      ]);
      return;
    case 'campaign.sent':
      await countOnce(event.id, [
        counter(
          METRICS.campaignsSent,
          day,
          [event.subject.id],
          { campaignId: event.subject.id },
          { sent: 1 },
        ),
      ]);
      return;
    case 'email.delivered':
      await countMail(event, 'delivered');
      return;
    case 'email.opened':
      await countMail(event, 'opened');
      return;
    case 'email.clicked':
      if (event.data.source === 'campaign' && event.data.campaignId) {
        await recordClick(event.data.campaignId, event.subject.id, event.occurredAt);
      }
      await countMail(event, 'clicked');
      return;
    case 'consent.changed': {
      const { purpose, status, previousStatus } = event.data;
      if (!purpose || status !== 'revoked' || previousStatus !== 'granted') return;
      await countOnce(event.id, [counter(METRICS.unsubscribes, day, [], {}, { unsubscribed: 1 })]);
      return;
    }
    case 'ticket.resolved': {
      const data = event.data;
      await countOnce(event.id, [
        counter(
          METRICS.tickets,
          day,
          [data.team],
          { team: data.team },
          {
            resolved: 1,
            firstContact: data.firstContactResolution ? 1 : 0,
            withinSla: data.breachedFirstResponse || data.breachedResolution ? 0 : 1,
            handlingSeconds: data.handlingSeconds,
          },
        ),
      ]);
      return;
    }
    case 'survey.answered': {
      const { csat, nps } = event.data;
      const add: Record<string, number> = {};
      if (csat !== null)
        Object.assign(add, { csatAnswers: 1, csatSum: csat, csatSatisfied: csat >= 4 ? 1 : 0 });
      if (nps !== null) {
        Object.assign(add, { npsAnswers: 1, promoters: nps >= 9 ? 1 : 0, detractors: nps <= 6 ? 1 : 0 });
      }
      if (Object.keys(add).length === 0) return;
      await countOnce(event.id, [
        counter(METRICS.surveys, day, [event.data.team], { team: event.data.team }, add),
      ]);
      return;
    }
    case 'order.placed':
      await countOrder(event);
      return;
  }
};
