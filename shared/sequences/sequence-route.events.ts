/** The function the step schedules (and the daily rule) invoke. */
export const SEQUENCE_STEP_TARGET = 'sequence-step';

/**
 * The events the sequence runner consumes (route `sequences` in shared/event-routes.ts): triggers
 * (lead events), exits (behaviour, conversion, consent, lifecycle, orders) and the MQL handoff.
 * Plain names, so the routing table imports nothing that opens a client.
 */
export const SEQUENCE_ROUTE_EVENTS = [
  'lead.captured',
  'lead.scored',
  'lead.qualified',
  'lead.converted',
  'consent.changed',
  'contact.updated',
  'contact.deleted',
  'order.placed',
] as const;
