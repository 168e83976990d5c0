import type { SQSEvent } from 'aws-lambda';
import type { Order } from '#shared/orders/order.schema.ts';
import { writePlacedOrder } from '#shared/orders/order.service.ts';
import { nowIso } from '#shared/platform/clock.ts';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { type DomainEvent, SYSTEM_ACTOR } from '#shared/platform/events/event.ts';
import { newId } from '#shared/platform/ids.ts';
import { outboxEvents as allOutboxEvents } from './outbox.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' as const });

/** A placed order as the quotes accept flow writes it (order + `order.placed`, one transaction). */
export const placeOrder = async (
  overrides: Partial<Order> = {},
): Promise<{ order: Order; event: DomainEvent }> => {
  const now = nowIso();
  const order: Order = {
    id: newId(),
    createdAt: now,
    updatedAt: now,
    version: 1,
    quoteId: newId(),
    quoteVersion: 1,
    opportunityId: null,
    contactId: null,
    accountId: null,
    ownerId: 'user-sales',
    status: 'placed',
    currency: 'EUR',
    lines: [
      {
        sku: 'FO-PRO',
        name: 'Front Office Pro',
        quantity: '3',
        unitPrice: eur('19.99'),
        discountPercent: '7',
        taxPercent: '19',
        net: eur('55.77'),
        tax: eur('10.60'),
        total: eur('66.37'),
      },
    ],
    net: eur('55.77'),
    tax: eur('10.60'),
    total: eur('66.37'),
    erpId: null,
    invoice: null,
    placedAt: now,
    syncedAt: null,
    invoicedAt: null,
    ...overrides,
  };
  const uow = new UnitOfWork(SYSTEM_ACTOR);
  const event = writePlacedOrder(uow, order);
  await uow.commit();
  return { order, event };
};

/** The SQS message body a rule target receives: the EventBridge event around the domain event. */
export const busMessage = (event: DomainEvent): string =>
  JSON.stringify({
    version: '0',
    id: newId(),
    'detail-type': event.name,
    source: 'frontoffice',
    account: '000000000000',
    time: `${event.occurredAt.slice(0, 19)}Z`,
    region: 'eu-central-1',
    resources: [],
    detail: event,
  });

/** An SQS event of these bodies, as Lambda hands it to a consumer. */
export const sqsEvent = (bodies: string[]): SQSEvent => ({
  Records: bodies.map((body, index) => ({
    messageId: `m-${index}-${newId()}`,
    receiptHandle: `r-${index}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:test',
    awsRegion: 'eu-central-1',
  })),
});

/** The outbox events of one name (all when none is given). */
export const outboxEvents = (name?: string): Promise<DomainEvent[]> => allOutboxEvents(name ? { name } : {});
