/**
 * The events the customer-value consumer takes (route `customer-value` in shared/event-routes.ts):
 * orders for value, invoices for cancellations, tickets for complaints and open issues, marketing
 * mail feedback for engagement. Plain names; the service parses each with its own contract.
 * Nothing imported, so the routing table opens no client (see segment-index.events.ts).
 */
export const CUSTOMER_VALUE_EVENTS = [
  'order.placed',
  'order.invoiced',
  'ticket.opened',
  'ticket.resolved',
  'ticket.reopened',
  'ticket.closed',
  'email.delivered',
  'email.opened',
  'email.clicked',
  'email.complained',
] as const;
