import * as z from 'zod';
import { consentChanged, contactDeleted, contactUpdated } from '#shared/contacts/contact.events.ts';
import { leadKey } from '#shared/leads/lead.entity.ts';
import { leadCaptured, leadConverted, leadQualified, leadScored } from '#shared/leads/lead.events.ts';
import { orderPlaced } from '#shared/orders/order.events.ts';
import { getItem } from '#shared/platform/db/table.ts';
import { reevaluateTimeBasedSegments } from '#shared/segments/segment-index.service.ts';
import type { ExitReason } from './sequence.schema.ts';
import { allSequences } from './sequence.service.ts';
import { enrollByEvent, enrollSegmentMembers, exitContact, handOff } from './sequence-runner.service.ts';

/** One schema per event of SEQUENCE_ROUTE_EVENTS (sequence-route.events.ts). */
export const sequenceEventSchema = z.union([
  leadCaptured.schema,
  leadScored.schema,
  leadQualified.schema,
  leadConverted.schema,
  consentChanged.schema,
  contactUpdated.schema,
  contactDeleted.schema,
  orderPlaced.schema,
]);
export type SequenceEvent = z.infer<typeof sequenceEventSchema>;

/** Behaviour that ends a nurture (when the sequence lists it among its exits). */
const EXIT_BEHAVIOURS: Partial<Record<string, ExitReason>> = {
  demo_request: 'demo_request',
  trial_signup: 'trial_signup',
};

const contactOfLead = async (leadId: string): Promise<string | null> => {
  const lead = await getItem(leadKey(leadId));
  return typeof lead?.contactId === 'string' ? lead.contactId : null;
};

/**
 * Applies one event to the sequences: exits first (a demo request ends the nurture before anything
 * else), then the MQL handoff, then triggers. Every part is idempotent, so redelivery is harmless.
 * A lead without a contact is not nurtured (sequences mail contacts, under their consent).
 */
export const handleSequenceEvent = async (event: SequenceEvent): Promise<void> => {
  switch (event.name) {
    case 'lead.captured':
      if (event.data.contactId)
        await enrollByEvent('lead.captured', null, event.data.contactId, event.subject.id);
      return;
    case 'lead.scored': {
      const contactId = await contactOfLead(event.subject.id);
      if (!contactId) return;
      const exit = event.data.behaviour ? EXIT_BEHAVIOURS[event.data.behaviour] : undefined;
      if (exit) await exitContact(contactId, exit);
      await enrollByEvent('lead.scored', event.data.behaviour, contactId, event.subject.id);
      return;
    }
    case 'lead.qualified': {
      const contactId = event.data.contactId ?? (await contactOfLead(event.subject.id));
      if (!contactId) return;
      await handOff(contactId, event.subject.id, event.data.ownerId);
      await enrollByEvent('lead.qualified', null, contactId, event.subject.id);
      return;
    }
    case 'lead.converted':
      await exitContact(event.data.contactId, 'lead_converted');
      return;
    case 'consent.changed':
      if (event.data.status !== 'revoked') return;
      // A purpose consent (channel email, with a purpose) ends the sequences mailing for it; the
      // email channel consent itself ends them all.
      if (event.data.purpose)
        await exitContact(event.subject.id, 'unsubscribed', { purpose: event.data.purpose });
      else if (event.data.channel === 'email') await exitContact(event.subject.id, 'unsubscribed');
      return;
    case 'contact.updated':
      if (event.data.lifecycleStage === 'customer' && event.data.previousLifecycleStage !== 'customer')
        await exitContact(event.subject.id, 'became_customer');
      return;
    case 'contact.deleted':
      await exitContact(event.subject.id, 'contact_deleted', { force: true });
      return;
    case 'order.placed':
      if (event.data.contactId) await exitContact(event.data.contactId, 'order_placed');
      return;
  }
};

/**
 * The daily job: re-evaluates the time-based segments (`within_days`), then enrolls the new members
 * of the segments that active sequences are triggered by.
 */
export const runDailySequences = async (): Promise<{ segments: number; enrolled: number }> => {
  const segments = await reevaluateTimeBasedSegments();
  let enrolled = 0;
  const failed: unknown[] = [];
  for (const sequence of await allSequences()) {
    if (sequence.status !== 'active' || sequence.trigger.type !== 'segment') continue;
    try {
      enrolled += await enrollSegmentMembers(sequence);
    } catch (error) {
      failed.push(error);
    }
  }
  // Every sequence had its turn; a failure makes the invocation fail, so the rule retries it.
  if (failed.length > 0)
    throw new AggregateError(failed, `${failed.length} segment-triggered sequence(s) failed.`);
  return { segments, enrolled };
};
