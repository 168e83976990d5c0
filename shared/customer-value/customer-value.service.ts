import * as z from 'zod';
import {
  emailClicked,
  emailComplained,
  emailDelivered,
  emailOpened,
} from '#shared/engagement/engagement.events.ts';
import { orderInvoiced, orderPlaced } from '#shared/orders/order.events.ts';
import { clock, nowIso } from '#shared/platform/clock.ts';
import { getItem, queryPage } from '#shared/platform/db/table.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError } from '#shared/platform/errors.ts';
import { SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { logger } from '#shared/platform/logger.ts';
import { type Currency, decimal, toAmount } from '#shared/platform/money.ts';
import { ticketKey } from '#shared/tickets/ticket.entity.ts';
import { ticketClosed, ticketOpened, ticketReopened, ticketResolved } from '#shared/tickets/ticket.events.ts';
import { OPEN_TICKET_STATUSES, type TicketStatus } from '#shared/tickets/ticket.schema.ts';
import {
  type CountedOrder,
  CUSTOMER_VALUE_SHARDS,
  customerFactsFromItem,
  customerValueItem,
  customerValueKey,
  customerValueOrderItem,
  customerValueOrderKey,
  customerValuesQuery,
} from './customer-value.entity.ts';
import { customerValueChanged } from './customer-value.events.ts';
import {
  COMPLAINT_MEMORY_DAYS,
  customerValueAt,
  MAIN_CURRENCY,
  MAX_ORDER_FACTS,
  publishedAt,
  samePublished,
} from './customer-value.model.ts';
import type { CustomerFacts, CustomerValueView, Published } from './customer-value.schema.ts';

/** One schema per event of CUSTOMER_VALUE_EVENTS (customer-value-route.events.ts). */
export const customerValueEventSchema = z.union([
  orderPlaced.schema,
  orderInvoiced.schema,
  ticketOpened.schema,
  ticketResolved.schema,
  ticketReopened.schema,
  ticketClosed.schema,
  emailDelivered.schema,
  emailOpened.schema,
  emailClicked.schema,
  emailComplained.schema,
]);
export type CustomerValueEvent = z.infer<typeof customerValueEventSchema>;

const DAY_MS = 86_400_000;
const ATTEMPTS = 5;

/** The facts of a contact nothing is known about yet. */
export const emptyFacts = (contactId: string): CustomerFacts => ({
  contactId,
  revenue: [],
  firstOrderAt: null,
  orders: [],
  openTickets: [],
  complaints: [],
  mail: { firstDeliveredAt: null, lastDeliveredAt: null, lastOpenedAt: null, lastClickedAt: null },
  published: { customerValue: null, churnRisk: null },
  version: 1,
  updatedAt: nowIso(),
});

const readFacts = async (contactId: string): Promise<CustomerFacts | undefined> => {
  const item = await getItem(customerValueKey(contactId));
  return item ? customerFactsFromItem(item) : undefined;
};

/** Another writer changed the facts between read and write: read again. */
class Stale extends Error {}
/** The order was counted (or uncounted) already: a redelivery, nothing to do. */
class Duplicate extends Error {}

const isRetryable = (error: unknown): boolean =>
  error instanceof Stale || (error instanceof AppError && error.type === 'conflict');

type Change = {
  /** The next facts, or undefined when the event changes nothing. */
  apply: (facts: CustomerFacts) => CustomerFacts | undefined;
  /** Further writes of the same transaction (the counted-order item). */
  alsoWrite?: (uow: UnitOfWork) => void;
  cause: 'event' | 'daily';
};

/**
 * Applies one change to a contact's facts: facts, the counted-order item and (when the published
 * figures move) `customer.value_changed`, in one transaction. Optimistic: a concurrent writer makes
 * it read again; a counted order makes it a no-op (redelivery).
 */
const changeFacts = async (
  contactId: string,
  change: Change,
): Promise<'changed' | 'unchanged' | 'duplicate'> => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await readFacts(contactId);
    const base = current ?? emptyFacts(contactId);
    const applied = change.apply(base);
    if (!applied) return 'unchanged';
    const now = clock.now();
    const published = publishedAt(applied, now);
    const next: CustomerFacts = {
      ...applied,
      complaints: applied.complaints.filter(
        (complaint) => now.getTime() - Date.parse(complaint.at) <= COMPLAINT_MEMORY_DAYS * DAY_MS,
      ),
      published,
      version: current ? current.version + 1 : 1,
      updatedAt: now.toISOString(),
    };
    const uow = new UnitOfWork(SYSTEM_ACTOR);
    if (current) uow.replace(customerValueItem(next), current.version, () => new Stale());
    else uow.create(customerValueItem(next), () => new Stale());
    change.alsoWrite?.(uow);
    if (!samePublished(base.published, published))
      uow.emit(customerValueChanged, contactId, {
        customerValue: published.customerValue,
        currency: MAIN_CURRENCY,
        churnRisk: published.churnRisk,
        previousCustomerValue: base.published.customerValue,
        previousChurnRisk: base.published.churnRisk,
        cause: change.cause,
      });
    try {
      await uow.commit();
      return 'changed';
    } catch (error) {
      if (error instanceof Duplicate) return 'duplicate';
      if (!isRetryable(error)) throw error;
    }
  }
  throw new Error(`Customer value of contact ${contactId} kept changing; retry later.`);
};

const addRevenue = (
  revenue: CustomerFacts['revenue'],
  currency: Currency,
  net: string,
  gross: string,
  sign: 1 | -1,
): CustomerFacts['revenue'] => {
  const entry = revenue.find((candidate) => candidate.currency === currency) ?? {
    currency,
    net: '0.00',
    gross: '0.00',
    orders: 0,
  };
  const next = {
    currency,
    net: toAmount(decimal(entry.net).plus(decimal(net).times(sign))),
    gross: toAmount(decimal(entry.gross).plus(decimal(gross).times(sign))),
    orders: Math.max(0, entry.orders + sign),
  };
  return [...revenue.filter((candidate) => candidate.currency !== currency), next]
    .filter((candidate) => candidate.orders > 0)
    .sort((a, b) => a.currency.localeCompare(b.currency));
};

const latest = (a: string | null, b: string): string => (a && a > b ? a : b);

const onOrderPlaced = async (event: z.infer<typeof orderPlaced.schema>): Promise<void> => {
  const { contactId, net, total } = event.data;
  if (!contactId) return;
  const counted: CountedOrder = {
    orderId: event.subject.id,
    contactId,
    currency: net.currency,
    net: net.amount,
    gross: total.amount,
    cancelled: false,
  };
  await changeFacts(contactId, {
    cause: 'event',
    apply: (facts) => ({
      ...facts,
      revenue: addRevenue(facts.revenue, net.currency, net.amount, total.amount, 1),
      firstOrderAt:
        facts.firstOrderAt && facts.firstOrderAt < event.occurredAt ? facts.firstOrderAt : event.occurredAt,
      orders: [
        ...facts.orders.filter((order) => order.orderId !== event.subject.id),
        { orderId: event.subject.id, at: event.occurredAt, net: net.amount, currency: net.currency },
      ]
        .sort((a, b) => b.at.localeCompare(a.at))
        .slice(0, MAX_ORDER_FACTS),
    }),
    alsoWrite: (uow) => uow.create(customerValueOrderItem(counted), () => new Duplicate(), 10),
  });
};

/** A cancelled invoice takes the order's revenue back out (once). */
const onOrderInvoiced = async (event: z.infer<typeof orderInvoiced.schema>): Promise<void> => {
  if (event.data.invoiceStatus !== 'cancelled') return;
  const item = await getItem(customerValueOrderKey(event.subject.id));
  if (!item || item.cancelled === true) return;
  const counted = item as unknown as CountedOrder;
  await changeFacts(counted.contactId, {
    cause: 'event',
    apply: (facts) => ({
      ...facts,
      revenue: addRevenue(facts.revenue, counted.currency, counted.net, counted.gross, -1),
      orders: facts.orders.filter((order) => order.orderId !== counted.orderId),
    }),
    alsoWrite: (uow) =>
      uow.update(
        customerValueOrderKey(counted.orderId),
        {
          UpdateExpression: 'SET cancelled = :true',
          ConditionExpression: 'cancelled = :false',
          ExpressionAttributeValues: { ':true': true, ':false': false },
        },
        () => new Duplicate(),
        10,
      ),
  });
};

type Complaint = CustomerFacts['complaints'][number];

/** The complaints with one more, kept newest first (as the facts schema says) whatever arrives when. */
const withComplaint = (complaints: readonly Complaint[], complaint: Complaint): Complaint[] =>
  [complaint, ...complaints].sort((a, b) => b.at.localeCompare(a.at));

type TicketEvent =
  | z.infer<typeof ticketOpened.schema>
  | z.infer<typeof ticketResolved.schema>
  | z.infer<typeof ticketReopened.schema>
  | z.infer<typeof ticketClosed.schema>;

/**
 * Tickets: whether it is open is read from the ticket itself (its current status), so events that
 * arrive out of order cannot leave a resolved ticket open; a ticket opened as a complaint counts once.
 */
const onTicket = async (event: TicketEvent): Promise<void> => {
  const ticketId = event.subject.id;
  const ticket = await getItem(ticketKey(ticketId));
  const eventContact = 'contactId' in event.data ? event.data.contactId : undefined;
  const contactId = typeof ticket?.contactId === 'string' ? ticket.contactId : eventContact;
  if (!contactId) return;
  const isOpen = ticket ? OPEN_TICKET_STATUSES.includes(ticket.status as TicketStatus) : false;
  const complaint = event.name === 'ticket.opened' && event.data.category === 'complaint';
  await changeFacts(contactId, {
    cause: 'event',
    apply: (facts) => {
      const wasOpen = facts.openTickets.includes(ticketId);
      const counted = facts.complaints.some((entry) => entry.id === ticketId);
      if (wasOpen === isOpen && (!complaint || counted)) return undefined;
      return {
        ...facts,
        openTickets: isOpen
          ? [...facts.openTickets.filter((id) => id !== ticketId), ticketId]
          : facts.openTickets.filter((id) => id !== ticketId),
        complaints:
          complaint && !counted
            ? withComplaint(facts.complaints, { id: ticketId, at: event.occurredAt, source: 'ticket' })
            : facts.complaints,
      };
    },
  });
};

type MailEvent =
  | z.infer<typeof emailDelivered.schema>
  | z.infer<typeof emailOpened.schema>
  | z.infer<typeof emailClicked.schema>
  | z.infer<typeof emailComplained.schema>;

/** Marketing mail feedback: timestamps only move forward, a complaint counts once (by event id). */
const onMail = async (event: MailEvent): Promise<void> => {
  const at = event.occurredAt;
  await changeFacts(event.subject.id, {
    cause: 'event',
    apply: (facts) => {
      const { mail } = facts;
      switch (event.name) {
        case 'email.delivered': {
          const next = {
            ...mail,
            firstDeliveredAt:
              mail.firstDeliveredAt && mail.firstDeliveredAt < at ? mail.firstDeliveredAt : at,
            lastDeliveredAt: latest(mail.lastDeliveredAt, at),
          };
          return next.firstDeliveredAt === mail.firstDeliveredAt &&
            next.lastDeliveredAt === mail.lastDeliveredAt
            ? undefined
            : { ...facts, mail: next };
        }
        case 'email.opened':
          return mail.lastOpenedAt && mail.lastOpenedAt >= at
            ? undefined
            : { ...facts, mail: { ...mail, lastOpenedAt: at } };
        case 'email.clicked':
          return mail.lastClickedAt && mail.lastClickedAt >= at
            ? undefined
            : { ...facts, mail: { ...mail, lastClickedAt: at } };
        case 'email.complained':
          return facts.complaints.some((entry) => entry.id === event.id)
            ? undefined
            : {
                ...facts,
                complaints: withComplaint(facts.complaints, { id: event.id, at, source: 'email' }),
              };
      }
    },
  });
};

/** Applies one event to the customer facts; idempotent, so SQS redelivery is harmless. */
export const applyCustomerEvent = async (event: CustomerValueEvent): Promise<void> => {
  switch (event.name) {
    case 'order.placed':
      return onOrderPlaced(event);
    case 'order.invoiced':
      return onOrderInvoiced(event);
    case 'ticket.opened':
    case 'ticket.resolved':
    case 'ticket.reopened':
    case 'ticket.closed':
      return onTicket(event);
    case 'email.delivered':
    case 'email.opened':
    case 'email.clicked':
    case 'email.complained':
      return onMail(event);
  }
};

/** The figures of a contact now (a contact without facts: no orders, no churn risk). */
export const customerValueOf = async (contactId: string): Promise<CustomerValueView> =>
  customerValueAt((await readFacts(contactId)) ?? emptyFacts(contactId), clock.now());

/** The figures last published (what segment profiles hold); both null when nothing is known. */
export const publishedCustomerValue = async (contactId: string): Promise<Published> =>
  (await readFacts(contactId))?.published ?? { customerValue: null, churnRisk: null };

const DAILY_PAGE = 200;

/**
 * The daily pass: churn risk moves with time alone (order recency, complaints ageing out, mail
 * going unopened). Reads every shard of facts (Queries, never a Scan) and republishes the figures of
 * contacts whose figures changed since they were last published.
 */
export const recomputeCustomerValues = async (): Promise<{ read: number; changed: number }> => {
  let read = 0;
  let changed = 0;
  const now = clock.now();
  await Promise.all(
    Array.from({ length: CUSTOMER_VALUE_SHARDS }, async (_, shard) => {
      let cursor: string | undefined;
      do {
        const page = await queryPage(customerValuesQuery(shard, DAILY_PAGE, cursor));
        for (const item of page.items) {
          read++;
          const facts = customerFactsFromItem(item);
          if (samePublished(facts.published, publishedAt(facts, now))) continue;
          // Re-read inside changeFacts: an event may have changed the facts since this page was read.
          const outcome = await changeFacts(facts.contactId, {
            cause: 'daily',
            apply: (current) =>
              samePublished(current.published, publishedAt(current, clock.now())) ? undefined : current,
          });
          if (outcome === 'changed') changed++;
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }),
  );
  logger.info('Customer values recomputed', { read, changed });
  return { read, changed };
};
