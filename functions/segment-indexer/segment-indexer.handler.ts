import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#shared/platform/logger.ts';
import { indexEvent, indexerMessageSchema } from '#shared/segments/segment-indexer.service.ts';

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const parsed = indexerMessageSchema.safeParse(record.body);
  if (!parsed.success) {
    logger.error('Unreadable message', { messageId: record.messageId });
    throw new Error(`Message ${record.messageId} is not an event the segment indexer takes.`);
  }
  await indexEvent(parsed.data.detail);
};

/**
 * Segment indexer (consumer of the `segments` queue): keeps contact segment profiles and segment
 * memberships current from contact, lead, order and segment events; builds new segment generations.
 */
export const consume = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
    context,
    throwOnFullBatchFailure: false,
  });

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>(consume).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
