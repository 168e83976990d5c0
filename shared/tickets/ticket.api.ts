import * as z from 'zod';
import { searchResultSchema } from '#shared/kb/kb.schema.ts';
import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, type Role } from '#shared/platform/roles.ts';
import { TICKET_ATTEMPTS } from './ticket.attempts.ts';
import {
  addMessageBody,
  assignTicketBody,
  closeTicketBody,
  createTicketBody,
  listTicketsQuery,
  messagesQuery,
  reopenTicketBody,
  resolveTicketBody,
  ticketHistoryPage,
  ticketMessagePage,
  ticketMessageSchema,
  ticketPage,
  ticketSchema,
  updateTicketBody,
} from './ticket.schema.ts';

/** Service works tickets; sales may open them for their customers; everyone with a token reads. */
const SERVICE: readonly Role[] = ['admin', 'service'];
const OPENERS: readonly Role[] = ['admin', 'service', 'sales', 'sales_manager'];

const ticketWithMessage = z.strictObject({ ticket: ticketSchema, message: ticketMessageSchema });

/** The tickets API (PRODUCT.md section 5, Service). */
export const ticketsApi = defineFeatureApi({
  functionName: 'tickets',
  operations: {
    createTicket: defineOperation({
      method: 'POST',
      path: '/v1/tickets',
      summary:
        'Open a ticket; the contact is given by id or matched by email (created when unknown); ticket-rules set priority, category and team; auto-assigned within the team.',
      tag: 'tickets',
      access: { roles: OPENERS },
      body: createTicketBody,
      response: ticketSchema,
      status: 201,
      idempotent: true,
      attempts: TICKET_ATTEMPTS,
    }),
    listTickets: defineOperation({
      method: 'GET',
      path: '/v1/tickets',
      summary:
        'Tickets of a contact, account, team (queue: by priority, then due time) or assignee; mine=true: the caller’s open tickets.',
      tag: 'tickets',
      access: { roles: READERS },
      query: listTicketsQuery,
      response: ticketPage,
      status: 200,
    }),
    getTicket: defineOperation({
      method: 'GET',
      path: '/v1/tickets/{id}',
      summary: 'Get a ticket with its SLA due times and KPIs.',
      tag: 'tickets',
      access: { roles: READERS },
      params: idParams,
      response: ticketSchema,
      status: 200,
    }),
    updateTicket: defineOperation({
      method: 'PATCH',
      path: '/v1/tickets/{id}',
      summary:
        'Change subject, priority, category, team, tags or status (new, open, pending); honours If-Match.',
      tag: 'tickets',
      access: { roles: SERVICE },
      params: idParams,
      body: updateTicketBody,
      response: ticketSchema,
      status: 200,
    }),
    addTicketMessage: defineOperation({
      method: 'POST',
      path: '/v1/tickets/{id}/messages',
      summary:
        'Add a reply (outbound: mailed to the customer; the first sets the first response time), an internal note, or a logged inbound message.',
      tag: 'tickets',
      access: { roles: SERVICE },
      params: idParams,
      body: addMessageBody,
      response: ticketWithMessage,
      status: 201,
      idempotent: true,
      attempts: 3,
    }),
    listTicketMessages: defineOperation({
      method: 'GET',
      path: '/v1/tickets/{id}/messages',
      summary: 'The messages of a ticket, oldest first.',
      tag: 'tickets',
      access: { roles: READERS },
      params: idParams,
      query: messagesQuery,
      response: ticketMessagePage,
      status: 200,
    }),
    getTicketSuggestions: defineOperation({
      method: 'GET',
      path: '/v1/tickets/{id}/suggestions',
      summary:
        'Knowledge-base articles that may answer the ticket (by its subject and description, in its language).',
      tag: 'tickets',
      access: { roles: READERS },
      params: idParams,
      response: searchResultSchema,
      status: 200,
    }),
    getTicketHistory: defineOperation({
      method: 'GET',
      path: '/v1/tickets/{id}/history',
      summary: 'Every change of a ticket: field, from, to, actor and time, oldest first.',
      tag: 'tickets',
      access: { roles: READERS },
      params: idParams,
      query: messagesQuery,
      response: ticketHistoryPage,
      status: 200,
    }),
    assignTicket: defineOperation({
      method: 'POST',
      path: '/v1/tickets/{id}/assign',
      summary:
        'Assign to the named agent (optionally moving the ticket to another team), or by ticket-assignment (least-loaded agent with the skills and room).',
      tag: 'tickets',
      access: { roles: SERVICE },
      params: idParams,
      body: assignTicketBody,
      response: ticketSchema,
      status: 200,
      attempts: TICKET_ATTEMPTS,
    }),
    resolveTicket: defineOperation({
      method: 'POST',
      path: '/v1/tickets/{id}/resolve',
      summary: 'Resolve: records handling time and first-contact resolution; starts the survey.',
      tag: 'tickets',
      access: { roles: SERVICE },
      params: idParams,
      body: resolveTicketBody,
      response: ticketSchema,
      status: 200,
    }),
    reopenTicket: defineOperation({
      method: 'POST',
      path: '/v1/tickets/{id}/reopen',
      summary: 'Reopen a resolved ticket (reopenCount + 1).',
      tag: 'tickets',
      access: { roles: SERVICE },
      params: idParams,
      body: reopenTicketBody,
      response: ticketSchema,
      status: 200,
    }),
    closeTicket: defineOperation({
      method: 'POST',
      path: '/v1/tickets/{id}/close',
      summary: 'Close a ticket for good.',
      tag: 'tickets',
      access: { roles: SERVICE },
      params: idParams,
      body: closeTicketBody,
      response: ticketSchema,
      status: 200,
    }),
  },
});
