import type * as z from 'zod';
import { ACTIVITY_ENTITY, activityFromItem } from '#shared/activities/activity.entity.ts';
import { activitySchema } from '#shared/activities/activity.schema.ts';
import { CONSENT_CHANGE_ENTITY } from '#shared/contacts/contact.entity.ts';
import { consentChangeSchema } from '#shared/contacts/contact.schema.ts';
import {
  CUSTOMER_VALUE_ENTITY,
  customerFactsFromItem,
} from '#shared/customer-value/customer-value.entity.ts';
import { customerValueAt } from '#shared/customer-value/customer-value.model.ts';
import { customerValueViewSchema } from '#shared/customer-value/customer-value.schema.ts';
import {
  CAMPAIGN_INTERACTION_ENTITY,
  campaignInteractionFromItem,
  campaignInteractionSchema,
} from '#shared/engagement/campaign-interaction.ts';
import { LEAD_ENTITY, leadFromItem } from '#shared/leads/lead.entity.ts';
import { leadSchema } from '#shared/leads/lead.schema.ts';
import { OPPORTUNITY_ENTITY, opportunityFromItem } from '#shared/opportunities/opportunity.entity.ts';
import { opportunitySchema } from '#shared/opportunities/opportunity.schema.ts';
import { ORDER_ENTITY, orderFromItem } from '#shared/orders/order.entity.ts';
import { orderSchema } from '#shared/orders/order.schema.ts';
import { clock } from '#shared/platform/clock.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import { QUOTE_ENTITY, quoteFromItem } from '#shared/quotes/quote.entity.ts';
import { quoteSchema } from '#shared/quotes/quote.schema.ts';
import { ENROLLMENT_ENTITY, enrollmentFromItem } from '#shared/sequences/sequence.entity.ts';
import { enrollmentSchema } from '#shared/sequences/sequence.schema.ts';
import { TICKET_ENTITY, ticketFromItem } from '#shared/tickets/ticket.entity.ts';
import { ticketSchema } from '#shared/tickets/ticket.schema.ts';

/**
 * A section of the 360° view: the items of one entity in the contact's collection (index gsi1,
 * partition `CONTACT#<contactId>`). A feature whose records belong to a contact writes them into
 * that collection and adds its section here; the view stays one Query.
 */
export type Contact360Section = {
  /** The `entity` attribute of the items. */
  entity: string;
  /** The key of the section in the view, e.g. `activities`. */
  key: string;
  schema: z.ZodType;
  fromItem: (item: Record<string, unknown>) => unknown;
};

export const contact360Sections: readonly Contact360Section[] = [
  { entity: ACTIVITY_ENTITY, key: 'activities', schema: activitySchema, fromItem: activityFromItem },
  { entity: LEAD_ENTITY, key: 'leads', schema: leadSchema, fromItem: leadFromItem },
  {
    entity: OPPORTUNITY_ENTITY,
    key: 'opportunities',
    schema: opportunitySchema,
    fromItem: opportunityFromItem,
  },
  { entity: QUOTE_ENTITY, key: 'quotes', schema: quoteSchema, fromItem: quoteFromItem },
  { entity: ORDER_ENTITY, key: 'orders', schema: orderSchema, fromItem: orderFromItem },
  { entity: TICKET_ENTITY, key: 'tickets', schema: ticketSchema, fromItem: ticketFromItem },
  {
    entity: CONSENT_CHANGE_ENTITY,
    key: 'consentHistory',
    schema: consentChangeSchema,
    fromItem: (item) => withoutStorageAttributes(item),
  },
  {
    entity: CAMPAIGN_INTERACTION_ENTITY,
    key: 'campaignInteractions',
    schema: campaignInteractionSchema,
    fromItem: campaignInteractionFromItem,
  },
  {
    entity: ENROLLMENT_ENTITY,
    key: 'sequenceEnrollments',
    schema: enrollmentSchema,
    fromItem: enrollmentFromItem,
  },
  {
    // At most one entry: revenue, RFM and churn risk with its factors, computed at read time.
    entity: CUSTOMER_VALUE_ENTITY,
    key: 'customerValue',
    schema: customerValueViewSchema,
    fromItem: (item) => customerValueAt(customerFactsFromItem(item), clock.now()),
  },
];
