import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type * as z from 'zod';
import { AppError } from '../errors.ts';
import { type Actor, createEvent, type DomainEvent, type EventContract } from '../events/event.ts';
import { outboxItem } from '../events/outbox.ts';
import { dynamo } from './client.ts';
import type { StoredItem } from './keys.ts';
import { tableName } from './table.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

type Step = {
  write: TransactItem;
  /** The error to raise when this step's condition fails; it sees the item as it was. */
  onConditionFailed: (current: Record<string, unknown> | undefined) => Error;
  /** Among several failed conditions, the highest priority decides the error. */
  priority: number;
};

const MAX_TRANSACTION_ITEMS = 100;

/**
 * Collects the writes of one use case (state, uniqueness items, outbox events, idempotency record)
 * and commits them as one DynamoDB transaction: all of them happen, or none.
 */
export class UnitOfWork {
  readonly actor: Actor;
  readonly events: DomainEvent[] = [];
  private readonly steps: Step[] = [];

  constructor(actor: Actor) {
    this.actor = actor;
  }

  get size(): number {
    return this.steps.length;
  }

  /** Writes a new item; fails with `onExists` if the key is taken. */
  create(
    item: StoredItem,
    onExists: (current: Record<string, unknown> | undefined) => Error,
    priority = 0,
  ): this {
    return this.add({
      write: {
        Put: {
          TableName: tableName(),
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onConditionFailed: onExists,
      priority,
    });
  }

  /** Replaces an item if it still has `expectedVersion` (optimistic locking). */
  replace(
    item: StoredItem,
    expectedVersion: number,
    onStale: (current: Record<string, unknown> | undefined) => Error,
    priority = 0,
  ): this {
    return this.add({
      write: {
        Put: {
          TableName: tableName(),
          Item: item,
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onConditionFailed: onStale,
      priority,
    });
  }

  /**
   * Changes attributes of an item in place (counters, loads, round-robin pointers) with an
   * `UpdateExpression`, conditional when `ConditionExpression` is given; fails with `onConditionFailed`.
   */
  update(
    key: { pk: string; sk: string },
    expression: {
      UpdateExpression: string;
      ConditionExpression?: string;
      ExpressionAttributeNames?: Record<string, string>;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
    onConditionFailed: (current: Record<string, unknown> | undefined) => Error,
    priority = 0,
  ): this {
    return this.add({
      write: {
        Update: {
          TableName: tableName(),
          Key: key,
          ...expression,
          ...(expression.ConditionExpression ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } : {}),
        },
      },
      onConditionFailed,
      priority,
    });
  }

  /** Deletes an item; with `expectedVersion` only if it is still at that version. */
  remove(
    key: { pk: string; sk: string },
    onStale: (current: Record<string, unknown> | undefined) => Error,
    expectedVersion?: number,
  ): this {
    return this.add({
      write: {
        Delete: {
          TableName: tableName(),
          Key: key,
          ...(expectedVersion === undefined
            ? { ConditionExpression: 'attribute_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onConditionFailed: onStale,
      priority: 0,
    });
  }

  /** Deletes an item that may or may not be there (no condition). */
  removeIfPresent(key: { pk: string; sk: string }): this {
    return this.add({
      write: { Delete: { TableName: tableName(), Key: key } },
      onConditionFailed: () => new AppError('conflict', 'Unexpected condition failure.'),
      priority: 0,
    });
  }

  /** The transaction goes through only if this item exists (a reference check). */
  requireExists(key: { pk: string; sk: string }, onMissing: () => Error): this {
    // DynamoDB refuses two operations on one item in a transaction. An item this change puts
    // (creates or replaces under its own condition) exists when it commits; one already checked
    // needs no second check.
    if (this.putsOrChecks(key)) return this;
    return this.add({
      write: {
        ConditionCheck: { TableName: tableName(), Key: key, ConditionExpression: 'attribute_exists(pk)' },
      },
      onConditionFailed: onMissing,
      priority: 0,
    });
  }

  /** Records a domain event as an outbox item of this transaction. */
  emit<Name extends string, Data extends z.ZodObject>(
    contract: EventContract<Name, Data>,
    subjectId: string,
    data: z.input<Data>,
  ): DomainEvent {
    const event = createEvent(contract, subjectId, data, this.actor);
    this.events.push(event);
    this.create(outboxItem(event), () => new AppError('conflict', 'Event id collision.'));
    return event;
  }

  async commit(): Promise<void> {
    if (this.steps.length === 0) return;
    try {
      await dynamo.send(new TransactWriteCommand({ TransactItems: this.steps.map((step) => step.write) }));
    } catch (error) {
      throw this.translate(error);
    }
  }

  private putsOrChecks(key: { pk: string; sk: string }): boolean {
    return this.steps.some(({ write }) => {
      const target = write.Put?.Item ?? write.ConditionCheck?.Key;
      return target?.pk === key.pk && target?.sk === key.sk;
    });
  }

  private add(step: Step): this {
    if (this.steps.length >= MAX_TRANSACTION_ITEMS) {
      throw new AppError('unprocessable', `One change may touch at most ${MAX_TRANSACTION_ITEMS} items.`);
    }
    this.steps.push(step);
    return this;
  }

  private translate(error: unknown): unknown {
    if (!(error instanceof TransactionCanceledException)) return error;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons
      .map((reason, index) => ({ reason, step: this.steps[index] }))
      .filter((entry) => entry.reason.Code === 'ConditionalCheckFailed' && entry.step)
      .sort((a, b) => (b.step?.priority ?? 0) - (a.step?.priority ?? 0));
    const first = failed[0];
    if (first?.step) {
      const current = first.reason.Item ? unmarshall(first.reason.Item) : undefined;
      return first.step.onConditionFailed(current);
    }
    if (reasons.some((reason) => reason.Code === 'TransactionConflict')) {
      return new AppError('conflict', 'Another request changed the same record at the same moment; retry.', {
        headers: { 'retry-after': '1' },
      });
    }
    return error;
  }
}
