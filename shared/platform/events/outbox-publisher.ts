import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { logger } from '../logger.ts';
import { PUT_EVENTS_BATCH, putEvents } from './bus.ts';
import type { DomainEvent } from './event.ts';
import { eventFromOutboxItem, OUTBOX_ENTITY } from './outbox.ts';

/** An outbox event found in a stream batch, with its position in that batch. */
type Pending = { index: number; event: DomainEvent };

export type PublishPort = (events: DomainEvent[]) => Promise<string[]>;

/**
 * Picks the outbox events out of a stream batch: only INSERTs (an outbox item is written once and
 * only expires later), only items of entity `outbox`. A malformed envelope can never be published,
 * so it is logged and skipped instead of blocking the shard forever; the item stays in the table.
 */
export const outboxEventsOf = (records: DynamoDBRecord[]): Pending[] => {
  const pending: Pending[] = [];
  records.forEach((record, index) => {
    const image = record.dynamodb?.NewImage;
    // Only outbox items are unmarshalled: other entities never hold up the publisher.
    if (record.eventName !== 'INSERT' || image?.entity?.S !== OUTBOX_ENTITY) return;
    try {
      pending.push({
        index,
        event: eventFromOutboxItem(unmarshall(image as Record<string, AttributeValue>)),
      });
    } catch (error) {
      logger.error('Skipping malformed outbox item', {
        pk: String(image.pk?.S),
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: error as Error,
      });
    }
  });
  return pending;
};

/** From the first failed record on, every record is reported: Lambda resumes the shard there. */
const failuresFrom = (records: DynamoDBRecord[], index: number): DynamoDBBatchResponse => ({
  batchItemFailures: records
    .slice(index)
    .map((record) => record.dynamodb?.SequenceNumber)
    .filter((sequenceNumber): sequenceNumber is string => sequenceNumber !== undefined)
    .map((itemIdentifier) => ({ itemIdentifier })),
});

/**
 * Publishes the outbox events of one stream batch in order, ten per PutEvents call. It stops at the
 * first chunk EventBridge did not fully take (or that threw, e.g. throttling) and reports the first
 * failed record and everything after it, so nothing is skipped and order is kept per shard.
 */
export const publishOutboxRecords = async (
  records: DynamoDBRecord[],
  publish: PublishPort = putEvents,
): Promise<DynamoDBBatchResponse> => {
  const pending = outboxEventsOf(records);
  for (let start = 0; start < pending.length; start += PUT_EVENTS_BATCH) {
    const chunk = pending.slice(start, start + PUT_EVENTS_BATCH);
    const firstIndex = chunk[0]?.index ?? 0;
    let failedIds: string[];
    try {
      failedIds = await publish(chunk.map((entry) => entry.event));
    } catch (error) {
      logger.warn('PutEvents failed; the batch will be retried', { error: error as Error });
      return failuresFrom(records, firstIndex);
    }
    const firstFailed = chunk.find((entry) => failedIds.includes(entry.event.id));
    if (firstFailed) {
      logger.warn('EventBridge rejected events; retrying from the first one', {
        eventId: firstFailed.event.id,
        failed: failedIds.length,
      });
      return failuresFrom(records, firstFailed.index);
    }
    logger.debug('Published outbox events', { eventIds: chunk.map((entry) => entry.event.id) });
  }
  return { batchItemFailures: [] };
};
