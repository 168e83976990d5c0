import * as z from 'zod';
import { contactCreated, contactDeleted, contactUpdated } from '#shared/contacts/contact.events.ts';
import { customerValueChanged } from '#shared/customer-value/customer-value.events.ts';
import { publishedCustomerValue } from '#shared/customer-value/customer-value.service.ts';
import { leadCaptured, leadConverted, leadScored } from '#shared/leads/lead.events.ts';
import { orderPlaced } from '#shared/orders/order.events.ts';
import { segmentChanged, segmentDeleted } from './segment.events.ts';
import { backfillSegment, dropOldMembers, leadFacts, refreshProfile } from './segment-index.service.ts';

/** One schema per event of SEGMENT_INDEX_EVENTS (segment-index.events.ts). */
export const indexedEventSchema = z.union([
  contactCreated.schema,
  contactUpdated.schema,
  contactDeleted.schema,
  leadCaptured.schema,
  leadScored.schema,
  leadConverted.schema,
  orderPlaced.schema,
  segmentChanged.schema,
  segmentDeleted.schema,
  customerValueChanged.schema,
]);
export type IndexedEvent = z.infer<typeof indexedEventSchema>;

/** Applies one event to the segment index; idempotent, so SQS redelivery is harmless. */
export const indexEvent = async (event: IndexedEvent): Promise<void> => {
  switch (event.name) {
    case 'contact.created':
    case 'contact.updated':
    case 'contact.deleted':
      await refreshProfile(event.subject.id, { eventId: event.id });
      return;
    case 'order.placed':
      if (event.data.contactId)
        await refreshProfile(event.data.contactId, {
          eventId: event.id,
          behaviour: { type: 'order.placed', at: event.occurredAt },
        });
      return;
    case 'lead.captured':
    case 'lead.scored':
    case 'lead.converted': {
      const facts = await leadFacts(
        event.subject.id,
        event.name === 'lead.scored' ? event.data.behaviour : null,
      );
      const contactId = event.name === 'lead.converted' ? event.data.contactId : facts.contactId;
      if (contactId)
        await refreshProfile(contactId, {
          eventId: event.id,
          score: facts.score,
          behaviour: facts.behaviour,
        });
      return;
    }
    case 'segment.changed':
      if (event.data.rebuild) await backfillSegment(event.subject.id, event.data.generation);
      return;
    case 'segment.deleted':
      await dropOldMembers(event.subject.id);
      return;
    case 'customer.value_changed':
      // The figures as published now (not the event's): a late redelivery cannot bring back old ones.
      await refreshProfile(event.subject.id, {
        eventId: event.id,
        value: await publishedCustomerValue(event.subject.id),
      });
      return;
  }
};
