/** The ticket events after which the SLA schedules of the ticket are brought up to date (route `sla-schedules`). */
export const SLA_SCHEDULE_EVENTS = [
  'ticket.opened',
  'ticket.updated',
  'ticket.message_added',
  'ticket.resolved',
  'ticket.reopened',
  'ticket.closed',
] as const;
