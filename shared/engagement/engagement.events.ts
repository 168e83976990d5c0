import * as z from 'zod';
import { defineEvent } from '#shared/platform/events/event.ts';

// What SES reported about a campaign or sequence mail, about the contact who got it. Ids and facts
// only: never the address (it stays in SES's own record), never the clicked URL (paths and queries
// can carry tokens or personal data), only its host.

/** Which send the mail belongs to; exactly one of the two ids is set. */
const mailData = {
  source: z.enum(['campaign', 'sequence']),
  campaignId: z.string().nullable(),
  sequenceId: z.string().nullable(),
  /** SES's message id (no personal data). */
  messageId: z.string(),
};

export const emailDelivered = defineEvent({
  name: 'email.delivered',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject(mailData),
});

/** The first open of the mail by its recipient (later opens are not events). */
export const emailOpened = defineEvent({
  name: 'email.opened',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject(mailData),
});

/** The first click in the mail by its recipient. */
export const emailClicked = defineEvent({
  name: 'email.clicked',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({ ...mailData, linkHost: z.string().nullable() }),
});

export const emailBounced = defineEvent({
  name: 'email.bounced',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({
    ...mailData,
    /** permanent: the address is suppressed (hard bounce); transient/undetermined: only recorded. */
    bounceType: z.enum(['permanent', 'transient', 'undetermined']),
    bounceSubType: z.string(),
  }),
});

export const emailComplained = defineEvent({
  name: 'email.complained',
  version: 1,
  subjectType: 'contact',
  data: z.strictObject({ ...mailData, feedbackType: z.string().nullable() }),
});
