import * as z from 'zod';
import { createEventsConsumer } from '#shared/platform/events/event-consumer.ts';
import { ticketMessageAdded, ticketOpened, ticketResolved } from './ticket.events.ts';
import { sendAcknowledgment, sendAgentReply, sendSurvey } from './ticket-mail.service.ts';

/** Channels whose new tickets are acknowledged by mail (the customer wrote in and waits). */
const ACKNOWLEDGED_CHANNELS: readonly string[] = ['email', 'web'];

const ticketMailEvent = z.union([ticketOpened.schema, ticketMessageAdded.schema, ticketResolved.schema]);

/** One event of the `ticket-mail` queue, parsed with its own contract: the matching mail, once. */
const mailFor = async (event: z.infer<typeof ticketMailEvent>): Promise<void> => {
  if (event.name === ticketOpened.name) {
    if (ACKNOWLEDGED_CHANNELS.includes(event.data.channel)) await sendAcknowledgment(event.subject.id);
  } else if (event.name === ticketMessageAdded.name) {
    if (event.data.deliver && event.data.direction === 'outbound') {
      await sendAgentReply(event.subject.id, event.data.messageId);
    }
  } else {
    await sendSurvey(event.subject.id, event.id);
  }
};

/** The plain consumer (tests, the local queue) and the Lambda handler: partial batch failures. */
export const { consume: consumeTicketMail, handler: ticketMailHandler } = createEventsConsumer(
  'a ticket mail event',
  ticketMailEvent,
  mailFor,
);
