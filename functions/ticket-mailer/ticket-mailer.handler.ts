import { consumeTicketMail, ticketMailHandler } from '#shared/tickets/ticket-mail.consumer.ts';

/**
 * Ticket mail from the `ticket-mail` queue: `ticket.opened` (email/web) → acknowledgment,
 * `ticket.message_added` (outbound, to deliver) → the agent's reply, `ticket.resolved` → the
 * CSAT/NPS survey. Each once (sent-markers); a failed send fails only its record.
 */
export const consume = consumeTicketMail;
export const handler = ticketMailHandler;
