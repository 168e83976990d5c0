import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import {
  BOUNCE_TYPES,
  SES_DETAIL_TYPES,
  SES_EVENT_SOURCE,
  type SesEventType,
} from '#shared/engagement/ses-event.schema.ts';
import { MAIL_REF_HEADER } from '#shared/mail/mail-ref.ts';
import { clock } from '#shared/platform/clock.ts';
import { env } from '#shared/platform/env.ts';

/** A mail as aws-ses-v2-local keeps it (`GET /store`); `at` is epoch seconds. */
export const storedMailSchema = z.looseObject({
  messageId: z.string().min(1),
  from: z.string().default(''),
  destination: z.looseObject({ to: z.array(z.string()).default([]) }),
  subject: z.string().default(''),
  body: z.looseObject({ html: z.string().optional(), text: z.string().optional() }).default({}),
  headers: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
  at: z.number(),
});
export type StoredMail = z.infer<typeof storedMailSchema>;

const storeSchema = z.looseObject({ emails: z.array(storedMailSchema) });

/** The mails aws-ses-v2-local holds, those stored at or after `since` (epoch seconds) when given. */
export const fetchStoredMails = async (sesUrl: string, since?: number): Promise<StoredMail[]> => {
  const response = await fetch(`${sesUrl}/store${since === undefined ? '' : `?since=${since}`}`);
  if (!response.ok) throw new Error(`The local SES store answered ${response.status}.`);
  return storeSchema.parse(await response.json()).emails;
};

export const carriesMailRef = (mail: StoredMail): boolean =>
  (mail.headers ?? []).some((header) => header.name.toLowerCase() === MAIL_REF_HEADER.toLowerCase());

/** What a test or a developer can make happen to a sent mail. */
export const injectableTypes = ['delivery', 'open', 'click', 'bounce', 'complaint'] as const;
export const sesEventRequestSchema = z.strictObject({
  messageId: z.string().min(1).max(200),
  type: z.enum(injectableTypes),
  bounceType: z.enum(BOUNCE_TYPES).default('Permanent'),
  /** The clicked link; the first link of the mail when absent. */
  link: z.url().max(2000).optional(),
});
export type SesEventRequest = z.input<typeof sesEventRequestSchema>;

const EVENT_TYPE: Record<(typeof injectableTypes)[number], SesEventType> = {
  delivery: 'Delivery',
  open: 'Open',
  click: 'Click',
  bounce: 'Bounce',
  complaint: 'Complaint',
};

/** The first http(s) link of the HTML part that is not the unsubscribe link. */
const firstLink = (mail: StoredMail): string | undefined =>
  [...(mail.body.html ?? '').matchAll(/href="(https?:\/\/[^"]+)"/g)]
    .map((match) => match[1] as string)
    .find((href) => !href.includes('/unsubscribe'));

const isoSeconds = (time: Date): string => `${time.toISOString().slice(0, 19)}Z`;

/**
 * The EventBridge event SES would put on the default bus for this mail: `source: "aws.ses"`, the
 * detail-type of the event type, `detail` = the event publishing record with the mail's headers
 * (locally the only carrier of the MailRef: aws-ses-v2-local drops tags).
 */
export const sesBusEventOf = (
  mail: StoredMail,
  type: SesEventType,
  options: { bounceType?: (typeof BOUNCE_TYPES)[number]; link?: string | undefined; at?: Date } = {},
) => {
  const at = options.at ?? clock.now();
  const timestamp = at.toISOString();
  const recipients = mail.destination.to;
  const agent = { ipAddress: '127.0.0.1', userAgent: 'frontoffice-local-ses-emulation' };
  const typeDetail = (() => {
    switch (type) {
      case 'Send':
        return { send: {} };
      case 'Delivery':
        return {
          delivery: {
            timestamp,
            processingTimeMillis: 0,
            recipients,
            smtpResponse: '250 2.6.0 Message received (local emulation)',
            reportingMTA: 'localhost',
          },
        };
      case 'Open':
        return { open: { timestamp, ...agent } };
      case 'Click':
        return {
          click: {
            timestamp,
            link: options.link ?? firstLink(mail) ?? 'http://localhost/',
            linkTags: {},
            ...agent,
          },
        };
      case 'Bounce':
        return {
          bounce: {
            bounceType: options.bounceType ?? 'Permanent',
            bounceSubType: options.bounceType === 'Transient' ? 'MailboxFull' : 'General',
            bouncedRecipients: recipients.map((emailAddress) => ({
              emailAddress,
              action: 'failed',
              status: '5.1.1',
              diagnosticCode: 'smtp; 550 5.1.1 user unknown (local emulation)',
            })),
            timestamp,
            feedbackId: randomUUID(),
            reportingMTA: 'dns; localhost',
          },
        };
      case 'Complaint':
        return {
          complaint: {
            complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
            timestamp,
            feedbackId: randomUUID(),
            complaintFeedbackType: 'abuse',
          },
        };
    }
  })();
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': SES_DETAIL_TYPES[type],
    source: SES_EVENT_SOURCE,
    account: '000000000000',
    time: isoSeconds(at),
    region: env.region,
    resources: [],
    detail: {
      eventType: type,
      mail: {
        timestamp: new Date(mail.at * 1000).toISOString(),
        source: mail.from,
        sendingAccountId: '000000000000',
        messageId: mail.messageId,
        destination: recipients,
        headersTruncated: false,
        headers: mail.headers ?? [],
        commonHeaders: { from: [mail.from], to: recipients, subject: mail.subject },
        tags: {},
      },
      ...typeDetail,
    },
  };
};
export type EmulatedSesEvent = ReturnType<typeof sesBusEventOf>;

export class MailNotFound extends Error {}

/**
 * The SES event for a mail aws-ses-v2-local sent (found by its message id): what tests and the
 * `POST /_local/ses/events` endpoint feed to the engagement consumer.
 */
export const emulateSesEvent = async (
  sesUrl: string,
  request: SesEventRequest,
  at?: Date,
): Promise<EmulatedSesEvent> => {
  const input = sesEventRequestSchema.parse(request);
  const mail = (await fetchStoredMails(sesUrl)).find((each) => each.messageId === input.messageId);
  if (!mail) throw new MailNotFound(`No mail ${input.messageId} in the local SES store.`);
  return sesBusEventOf(mail, EVENT_TYPE[input.type], {
    bounceType: input.bounceType,
    link: input.link,
    ...(at ? { at } : {}),
  });
};
