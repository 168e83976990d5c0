/**
 * The events the segment indexer consumes (route `segments` in shared/event-routes.ts). Plain names,
 * so the routing table imports nothing that opens a client (the local runtime sets its endpoints
 * after reading the routes). `segment-indexer.service.ts` parses each with its own contract.
 */
export const SEGMENT_INDEX_EVENTS = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'lead.captured',
  'lead.scored',
  'lead.converted',
  'order.placed',
  'segment.changed',
  'segment.deleted',
  'customer.value_changed',
] as const;
