import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { publishOutboxRecords } from '#shared/platform/events/outbox-publisher.ts';
import { logger } from '#shared/platform/logger.ts';

/**
 * The only writer to the bus: the table's stream triggers it (with ReportBatchItemFailures) and it
 * puts every new outbox event on EventBridge.
 */
export const publishOutbox = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  publishOutboxRecords(event.Records);

/** The Lambda entry point. */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>(publishOutbox).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
