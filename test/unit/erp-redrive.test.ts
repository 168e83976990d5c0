import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { redriveOnAws, resolveQueueRoute } from '#local/cli/redrive-command.ts';

const sqsMock = mockClient(SQSClient);
const DLQ_URL = 'https://sqs.eu-central-1.amazonaws.com/123456789012/frontoffice-prod-erp-sync-dlq';
const DLQ_ARN = 'arn:aws:sqs:eu-central-1:123456789012:frontoffice-prod-erp-sync-dlq';

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(GetQueueUrlCommand).resolves({ QueueUrl: DLQ_URL });
});

describe('frontoffice redrive', () => {
  it('resolves "erp" to the erp-sync route of the routing table', () => {
    expect(resolveQueueRoute('erp').target.queue).toBe('erp-sync');
    expect(resolveQueueRoute('order-confirmation').target.queue).toBe('order-confirmation');
    expect(() => resolveQueueRoute('nope')).toThrow(/erp-sync/);
  });

  it('starts an SQS message move task from the stage DLQ back to its source queue', async () => {
    // Prepare
    sqsMock
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { QueueArn: DLQ_ARN, ApproximateNumberOfMessages: '3' } });
    sqsMock.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });

    // Act
    const result = await redriveOnAws(new SQSClient({ region: 'eu-central-1' }), 'prod', 'erp-sync');

    // Assess
    expect(result).toEqual({
      dlqName: 'frontoffice-prod-erp-sync-dlq',
      approximateCount: 3,
      taskHandle: 'task-1',
    });
    expect(sqsMock.commandCalls(GetQueueUrlCommand)[0]?.args[0].input).toEqual({
      QueueName: 'frontoffice-prod-erp-sync-dlq',
    });
    // No DestinationArn: SQS moves each message back to the queue it dead-lettered from.
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: DLQ_ARN,
    });
  });

  it('starts nothing when the DLQ is empty', async () => {
    sqsMock
      .on(GetQueueAttributesCommand)
      .resolves({ Attributes: { QueueArn: DLQ_ARN, ApproximateNumberOfMessages: '0' } });
    const result = await redriveOnAws(new SQSClient({ region: 'eu-central-1' }), 'prod', 'erp-sync');
    expect(result.taskHandle).toBeUndefined();
    expect(sqsMock.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
  });
});
