import * as z from 'zod';
import { MAIL_REF_HEADER, type MailRef, mailRefFromHeader, mailRefFromTags } from '#shared/mail/mail-ref.ts';

/**
 * SES event publishing through a configuration set's EventBridge destination: SES puts one event
 * per mail event on the account's DEFAULT bus with `source: "aws.ses"`, a detail-type per event
 * type, and `detail` = the event publishing record (`eventType`, `mail`, and one object named
 * after the type). AWS documents these shapes in "Contents of event data that Amazon SES
 * publishes"; the parser is strict about the fields used here and tolerant of everything else.
 */
export const SES_EVENT_SOURCE = 'aws.ses';

/** The SES detail-types this feature takes, by `eventType`. */
export const SES_DETAIL_TYPES = {
  Send: 'Email Sent',
  Delivery: 'Email Delivered',
  Open: 'Email Opened',
  Click: 'Email Clicked',
  Bounce: 'Email Bounced',
  Complaint: 'Email Complaint Received',
} as const;
export type SesEventType = keyof typeof SES_DETAIL_TYPES;
export const SES_EVENT_TYPES = Object.keys(SES_DETAIL_TYPES) as SesEventType[];

const address = z.string().trim().min(3).max(320);

const mailSchema = z.looseObject({
  messageId: z.string().min(1).max(200),
  timestamp: z.iso.datetime({ offset: true }),
  destination: z.array(address).default([]),
  /** Configuration-set publishing includes the message tags: `{ name: [values] }`. */
  tags: z.record(z.string(), z.array(z.string())).default({}),
  /** The original headers (the first ones, when `headersTruncated`); absent when not published. */
  headers: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
});

const at = z.iso.datetime({ offset: true });

export const BOUNCE_TYPES = ['Permanent', 'Transient', 'Undetermined'] as const;

const sendDetail = z.looseObject({ eventType: z.literal('Send'), mail: mailSchema });
const deliveryDetail = z.looseObject({
  eventType: z.literal('Delivery'),
  mail: mailSchema,
  delivery: z.looseObject({ timestamp: at, recipients: z.array(address).default([]) }),
});
const openDetail = z.looseObject({
  eventType: z.literal('Open'),
  mail: mailSchema,
  open: z.looseObject({ timestamp: at }),
});
const clickDetail = z.looseObject({
  eventType: z.literal('Click'),
  mail: mailSchema,
  click: z.looseObject({ timestamp: at, link: z.string().min(1).max(4000) }),
});
const bounceDetail = z.looseObject({
  eventType: z.literal('Bounce'),
  mail: mailSchema,
  bounce: z.looseObject({
    bounceType: z.enum(BOUNCE_TYPES),
    bounceSubType: z.string().max(100).default('General'),
    bouncedRecipients: z.array(z.looseObject({ emailAddress: address })).min(1),
    timestamp: at,
  }),
});
const complaintDetail = z.looseObject({
  eventType: z.literal('Complaint'),
  mail: mailSchema,
  complaint: z.looseObject({
    complainedRecipients: z.array(z.looseObject({ emailAddress: address })).min(1),
    timestamp: at,
    complaintFeedbackType: z.string().max(100).optional(),
  }),
});

/** The `detail` of an SES event this feature takes. */
export const sesEventDetailSchema = z.discriminatedUnion('eventType', [
  sendDetail,
  deliveryDetail,
  openDetail,
  clickDetail,
  bounceDetail,
  complaintDetail,
]);
export type SesEventDetail = z.infer<typeof sesEventDetailSchema>;

/** The EventBridge event around it (what an SQS rule target receives as the message body). */
export const sesBusEventSchema = z
  .looseObject({
    id: z.string().min(1),
    source: z.literal(SES_EVENT_SOURCE),
    'detail-type': z.enum(Object.values(SES_DETAIL_TYPES) as [string, ...string[]]),
    detail: sesEventDetailSchema,
  })
  .refine((event) => event['detail-type'] === SES_DETAIL_TYPES[event.detail.eventType], {
    message: 'The detail-type does not match the eventType.',
    path: ['detail-type'],
  });
export type SesBusEvent = z.infer<typeof sesBusEventSchema>;

/**
 * The send a mail belongs to: its SES tags (AWS), else its `X-FrontOffice-Ref` header (the local
 * emulation, or a tag lost on the way). Undefined for mail that is not campaign or sequence mail.
 */
export const mailRefOf = (mail: SesEventDetail['mail']): MailRef | undefined =>
  mailRefFromTags(mail.tags) ??
  mailRefFromHeader(
    mail.headers?.find((header) => header.name.toLowerCase() === MAIL_REF_HEADER.toLowerCase())?.value,
  );

/** When the engagement happened (the type's own timestamp; the send time for `Send`). */
export const occurredAtOf = (detail: SesEventDetail): string => {
  const time = (() => {
    switch (detail.eventType) {
      case 'Send':
        return detail.mail.timestamp;
      case 'Delivery':
        return detail.delivery.timestamp;
      case 'Open':
        return detail.open.timestamp;
      case 'Click':
        return detail.click.timestamp;
      case 'Bounce':
        return detail.bounce.timestamp;
      case 'Complaint':
        return detail.complaint.timestamp;
    }
  })();
  return new Date(time).toISOString();
};

/**
 * The host of a clicked link, lower case; undefined when it is not an http(s) URL. Only the host
 * goes into events: paths and queries can carry tokens (an unsubscribe link) or personal data.
 */
export const linkHostOf = (link: string): string | undefined => {
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
};

/** The clicked link without query and fragment (for scoring rules by URL), when it is http(s). */
export const linkPathOf = (link: string): string | undefined => {
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.origin}${url.pathname}` : undefined;
  } catch {
    return undefined;
  }
};
