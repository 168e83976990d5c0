import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client.ts';
import { tableName } from './table.ts';

/**
 * The next number of a counter item (one atomic UpdateItem ADD): unique and ascending. A create
 * that fails after drawing its number leaves a gap, which is fine for ticket and quote numbers
 * (gap-free numbering is an invoice duty, and invoices are the ERP's).
 */
export const nextSequence = async (key: { pk: string; sk: string }): Promise<number> => {
  const result = await dynamo.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'ADD #value :one SET #entity = :entity',
      ExpressionAttributeNames: { '#value': 'value', '#entity': 'entity' },
      ExpressionAttributeValues: { ':one': 1, ':entity': 'counter' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(result.Attributes?.value);
};
