import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { eventBridgeMessageSchema } from '#shared/platform/events/event-consumer.ts';
import { logger } from '#shared/platform/logger.ts';
import { ticketMessageAdded, ticketOpened, ticketResolved } from './ticket.events.ts';
import { sendAcknowledgment, sendAgentReply, sendSurvey } from './ticket-mail.service.ts';

/** Channels whose new tickets are acknowledged by mail (the customer wrote in and waits). */
const ACKNOWLEDGED_CHANNELS: readonly string[] = ['email', 'web'];

const opened = eventBridgeMessageSchema(ticketOpened);
const messageAdded = eventBridgeMessageSchema(ticketMessageAdded);
const resolved = eventBridgeMessageSchema(ticketResolved);
const NAMES = [ticketOpened.name, ticketMessageAdded.name, ticketResolved.name] as const;

/** Just enough of the envelope to pick the event's own contract. */
const detailType = z
  .string()
  .transform((text) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  })
  .pipe(z.looseObject({ 'detail-type': z.enum(NAMES) }));

/** One record of the `ticket-mail` queue: parsed with its event's contract, then the matching mail. */
const handleRecord = async (record: SQSRecord): Promise<void> => {
  const kind = detailType.safeParse(record.body);
  if (!kind.success) throw new Error(`Message ${record.messageId} is not a ticket mail event.`);
  const name = kind.data['detail-type'];
  if (name === ticketOpened.name) {
    const detail = opened.parse(record.body).detail as z.infer<typeof ticketOpened.schema>;
    if (ACKNOWLEDGED_CHANNELS.includes(detail.data.channel)) await sendAcknowledgment(detail.subject.id);
  } else if (name === ticketMessageAdded.name) {
    const detail = messageAdded.parse(record.body).detail as z.infer<typeof ticketMessageAdded.schema>;
    if (detail.data.deliver && detail.data.direction === 'outbound') {
      await sendAgentReply(detail.subject.id, detail.data.messageId);
    }
  } else {
    const detail = resolved.parse(record.body).detail as z.infer<typeof ticketResolved.schema>;
    await sendSurvey(detail.subject.id, detail.id);
  }
};

const recordHandler = async (record: SQSRecord): Promise<void> => {
  try {
    await handleRecord(record);
  } catch (error) {
    logger.error('Ticket mail failed', { messageId: record.messageId, error: (error as Error).message });
    throw error;
  }
};

/** The plain consumer (tests, the local queue): partial batch failures, one processor per batch. */
export const consumeTicketMail = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), {
    context,
    throwOnFullBatchFailure: false,
  });

export const ticketMailHandler = middy<SQSEvent, SQSBatchResponse, Error, Context>(consumeTicketMail).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
