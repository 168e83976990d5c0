import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/platform/db/client.ts';
import { tableName } from '#shared/platform/db/table.ts';
import type { DomainEvent } from '#shared/platform/events/event.ts';

/**
 * The domain events in the outbox of this test file's table, optionally of one name and subject.
 * Test-only: outbox items are keyed by event id, so the test scans; the product never does.
 */
export const outboxEvents = async (
  filter: { name?: string; subjectId?: string } = {},
): Promise<DomainEvent[]> => {
  const events: DomainEvent[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(
      new ScanCommand({
        TableName: tableName(),
        FilterExpression: '#entity = :outbox',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':outbox': 'outbox' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) events.push(item.event as DomainEvent);
    start = page.LastEvaluatedKey;
  } while (start);
  return events.filter(
    (event) =>
      (filter.name === undefined || event.name === filter.name) &&
      (filter.subjectId === undefined || event.subject.id === filter.subjectId),
  );
};

/** The events of one subject and name. */
export const eventsOf = (subjectId: string, name?: string): Promise<DomainEvent[]> =>
  outboxEvents({ subjectId, ...(name ? { name } : {}) });
