import { suggestArticles } from '#shared/kb/kb-search.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { ticketsApi } from '#shared/tickets/ticket.api.ts';
import {
  addMessage,
  assignTicket,
  closeTicket,
  findTicket,
  listTicketMessages,
  listTickets,
  openTicket,
  reopenTicket,
  resolveTicket,
  ticketHistory,
  updateTicket,
} from '#shared/tickets/ticket.service.ts';

/** Lambda entry for /v1/tickets: validated input in, a use case called, the result mapped out. */
export const { handle, handler } = createHttpHandler(ticketsApi, {
  createTicket: async ({ body, uow }) => {
    const { ticket } = await openTicket(body, uow);
    return { body: ticket, version: ticket.version, headers: { location: `/v1/tickets/${ticket.id}` } };
  },
  listTickets: async ({ query, principal }) => ({ body: await listTickets(query, principal.sub) }),
  getTicket: async ({ params }) => {
    const ticket = await findTicket(params.id);
    return { body: ticket, version: ticket.version };
  },
  updateTicket: async ({ params, body, ifMatch, uow }) => {
    const ticket = await updateTicket(params.id, body, ifMatch, uow);
    return { body: ticket, version: ticket.version };
  },
  addTicketMessage: async ({ params, body, uow }) => {
    const result = await addMessage(params.id, body, uow);
    return { body: result, version: result.ticket.version };
  },
  listTicketMessages: async ({ params, query }) => ({
    body: await listTicketMessages(params.id, query.limit, query.cursor),
  }),
  getTicketSuggestions: async ({ params }) => {
    const ticket = await findTicket(params.id);
    const text = `${ticket.subject}\n${ticket.description ?? ''}`;
    return { body: { items: await suggestArticles(text, ticket.language ?? undefined, 5) } };
  },
  getTicketHistory: async ({ params, query }) => ({
    body: await ticketHistory(params.id, query.limit, query.cursor),
  }),
  assignTicket: async ({ params, body, uow }) => {
    const ticket = await assignTicket(params.id, body, uow);
    return { body: ticket, version: ticket.version };
  },
  resolveTicket: async ({ params, body, uow }) => {
    const ticket = await resolveTicket(params.id, body.note, uow);
    return { body: ticket, version: ticket.version };
  },
  reopenTicket: async ({ params, body, uow }) => {
    const ticket = await reopenTicket(params.id, body.reason, uow);
    return { body: ticket, version: ticket.version };
  },
  closeTicket: async ({ params, uow }) => {
    const ticket = await closeTicket(params.id, uow);
    return { body: ticket, version: ticket.version };
  },
});
