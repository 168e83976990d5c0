import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError } from '#shared/platform/errors.ts';

// The Update step of the unit of work, as lead assignment uses it for counters and owner loads.
const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());

const loadUpdate = () =>
  new UnitOfWork({ type: 'user', id: 'u1' })
    .create({ pk: 'LEAD#1', sk: 'LEAD', entity: 'lead' }, () => new AppError('conflict', 'lead exists'))
    .update(
      { pk: 'OWNER_LOAD#o1', sk: 'LOAD' },
      {
        UpdateExpression: 'ADD openLeads :one',
        ConditionExpression: 'attribute_not_exists(openLeads) OR openLeads < :capacity',
        ExpressionAttributeValues: { ':one': 1, ':capacity': 3 },
      },
      (current) => new AppError('conflict', `owner full at ${String(current?.openLeads)}`),
      5,
    );

describe('UnitOfWork.update', () => {
  it('sends the update with its condition in the same TransactWriteItems as the other writes', async () => {
    dynamo.onAnyCommand().resolves({});
    await loadUpdate().commit();
    const input = dynamo.call(0).args[0].input as {
      TransactItems: Record<string, Record<string, unknown>>[];
    };
    expect(input.TransactItems).toHaveLength(2);
    expect(input.TransactItems[1]?.Update).toMatchObject({
      Key: { pk: 'OWNER_LOAD#o1', sk: 'LOAD' },
      UpdateExpression: 'ADD openLeads :one',
      ConditionExpression: 'attribute_not_exists(openLeads) OR openLeads < :capacity',
      ExpressionAttributeValues: { ':one': 1, ':capacity': 3 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('raises the update’s own error, seeing the item as it was, when its condition fails', async () => {
    dynamo.onAnyCommand().rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed', Item: { openLeads: { N: '3' } } },
        ],
      }),
    );
    await expect(loadUpdate().commit()).rejects.toThrow('owner full at 3');
  });

  it('sends an unconditional update without asking for the old item', async () => {
    dynamo.onAnyCommand().resolves({});
    await new UnitOfWork({ type: 'system', id: 'x' })
      .update(
        { pk: 'A', sk: 'A' },
        { UpdateExpression: 'ADD n :d', ExpressionAttributeValues: { ':d': -1 } },
        () => new AppError('conflict', 'never'),
      )
      .commit();
    const input = dynamo.call(0).args[0].input as {
      TransactItems: Record<string, Record<string, unknown>>[];
    };
    expect(input.TransactItems[0]?.Update).not.toHaveProperty('ReturnValuesOnConditionCheckFailure');
    expect(input.TransactItems[0]?.Update).not.toHaveProperty('ConditionExpression');
  });
});
