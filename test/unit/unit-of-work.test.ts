import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError } from '#shared/platform/errors.ts';

// DynamoDB Local never reports transaction conflicts; the mock plays DynamoDB here.
const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const twoWrites = () =>
  new UnitOfWork({ type: 'user', id: 'u1' })
    .create({ pk: 'A', sk: 'A', entity: 'test' }, () => new AppError('conflict', 'A exists'))
    .create({ pk: 'B', sk: 'B', entity: 'test' }, () => new AppError('conflict', 'B exists'), 5);

describe('UnitOfWork.commit', () => {
  it('sends all writes as one TransactWriteItems request', async () => {
    dynamo.onAnyCommand().resolves({});
    await twoWrites().commit();
    expect(dynamo.calls()).toHaveLength(1);
    expect(dynamo.call(0).args[0].constructor.name).toBe('TransactWriteCommand');
  });

  it('raises the error of the highest-priority failed condition', async () => {
    dynamo.onAnyCommand().rejects(cancelled(['ConditionalCheckFailed', 'ConditionalCheckFailed']));
    await expect(twoWrites().commit()).rejects.toThrow('B exists');
  });

  it('turns a transaction conflict into a retryable 409 with Retry-After', async () => {
    dynamo.onAnyCommand().rejects(cancelled(['TransactionConflict', 'None']));
    const error = await twoWrites()
      .commit()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect((error as AppError).headers['retry-after']).toBe('1');
  });

  it('passes other failures (throttling after the SDK retries) through unchanged', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    dynamo.onAnyCommand().rejects(throttled);
    await expect(twoWrites().commit()).rejects.toThrow('Rate exceeded');
  });

  it('does not call DynamoDB when there is nothing to write', async () => {
    await new UnitOfWork({ type: 'system', id: 'x' }).commit();
    expect(dynamo.calls()).toHaveLength(0);
  });
});

describe('UnitOfWork.requireExists', () => {
  it('needs no check of an item the same change creates (DynamoDB allows one operation per item)', async () => {
    dynamo.onAnyCommand().resolves({});
    await new UnitOfWork({ type: 'user', id: 'u1' })
      .create({ pk: 'ACCOUNT#1', sk: 'ACCOUNT', entity: 'account' }, () => new AppError('conflict', 'exists'))
      .requireExists({ pk: 'ACCOUNT#1', sk: 'ACCOUNT' }, () => new AppError('unprocessable', 'missing'))
      .requireExists({ pk: 'CONTACT#2', sk: 'CONTACT' }, () => new AppError('unprocessable', 'missing'))
      .commit();
    const items = (dynamo.call(0).args[0].input as { TransactItems: Record<string, unknown>[] })
      .TransactItems;
    expect(items.map((item) => Object.keys(item)[0])).toEqual(['Put', 'ConditionCheck']);
  });
});
