import * as z from 'zod';
import { accountKey } from '#shared/accounts/account.entity.ts';
import { accountSchema } from '#shared/accounts/account.schema.ts';
import { ACTIVITY_ENTITY, activityFromItem } from '#shared/activities/activity.entity.ts';
import { activitySchema } from '#shared/activities/activity.schema.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import { getItem, queryPage } from '#shared/platform/db/table.ts';
import { notFound } from '#shared/platform/errors.ts';
import {
  CONSENT_CHANGE_ENTITY,
  CONTACT_ENTITY,
  contactCollectionQuery,
  contactFromItem,
} from './contact.entity.ts';
import {
  CONSENT_CHANNELS,
  CONSENT_STATUSES,
  consentSchema,
  consentsSchema,
  contactSchema,
} from './contact.schema.ts';

/** How many members of the collection one view reads; the lists behind each section page further. */
export const VIEW_360_LIMIT = 300;

export const consentChangeSchema = consentSchema.extend({
  id: z.string(),
  contactId: z.string(),
  channel: z.enum(CONSENT_CHANNELS),
  previousStatus: z.enum(CONSENT_STATUSES).nullable(),
  actorId: z.string(),
});

export const contact360Schema = z.strictObject({
  contact: contactSchema,
  account: accountSchema.nullable(),
  consents: consentsSchema,
  consentHistory: z.array(consentChangeSchema),
  activities: z.array(activitySchema),
  /** True when the contact has more members than one view reads; page the lists for the rest. */
  truncated: z.boolean(),
});
export type Contact360 = z.infer<typeof contact360Schema>;

/**
 * The 360° view. One Query reads the contact's whole item collection (index gsi1, newest first):
 * the contact, its consent history and its activities (later: leads, deals, quotes, orders, tickets).
 * The account is shared by many contacts and lives in its own partition, so a linked account costs
 * one GetItem more (see docs/data-model.md for why it is not copied into every contact).
 */
export const contact360 = async (contactId: string): Promise<Contact360> => {
  const page = await queryPage(contactCollectionQuery(contactId, VIEW_360_LIMIT));
  const contactItem = page.items.find((item) => item.entity === CONTACT_ENTITY);
  if (!contactItem) throw notFound('Contact', contactId);
  const contact = contactFromItem(contactItem);
  const accountItem = contact.accountId ? await getItem(accountKey(contact.accountId)) : undefined;
  return {
    contact,
    account: accountItem ? withoutStorageAttributes(accountItem) : null,
    consents: contact.consents,
    consentHistory: page.items
      .filter((item) => item.entity === CONSENT_CHANGE_ENTITY)
      .map((item) => withoutStorageAttributes<z.infer<typeof consentChangeSchema>>(item)),
    activities: page.items.filter((item) => item.entity === ACTIVITY_ENTITY).map(activityFromItem),
    truncated: page.nextCursor !== null,
  };
};
