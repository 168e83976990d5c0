import { describe, expect, it } from 'vitest';
import {
  linkHostOf,
  linkPathOf,
  mailRefOf,
  occurredAtOf,
  sesBusEventSchema,
  sesEventDetailSchema,
} from '#shared/engagement/ses-event.schema.ts';

// Shaped like AWS's published examples ("Examples of event data that Amazon SES publishes"), with
// the configuration set's message tags as the campaign sender sets them.
const mail = (tags: Record<string, string[]> = {}, headers?: { name: string; value: string }[]) => ({
  timestamp: '2026-03-03T09:00:00.012Z',
  source: 'Front Office <news@example.de>',
  sourceArn: 'arn:aws:ses:eu-central-1:123456789012:identity/example.de',
  sendingAccountId: '123456789012',
  messageId: '0102018e0c1d2f3a-5b6c7d8e-aaaa-bbbb-cccc-111122223333-000000',
  destination: ['anna@example.de'],
  headersTruncated: false,
  ...(headers ? { headers } : {}),
  commonHeaders: { from: ['news@example.de'], to: ['anna@example.de'], subject: 'Angebot' },
  tags: {
    'ses:configuration-set': ['frontoffice-prod-engagement'],
    'ses:source-ip': ['192.0.2.0'],
    ...tags,
  },
});

const CAMPAIGN_TAGS = {
  'fo-kind': ['campaign'],
  'fo-source': ['01HZCAMPAIGN'],
  'fo-contact': ['01HZCONTACT'],
};

const busEvent = (detailType: string, detail: Record<string, unknown>) => ({
  version: '0',
  id: 'c1d2e3f4-0000-1111-2222-333344445555',
  'detail-type': detailType,
  source: 'aws.ses',
  account: '123456789012',
  time: '2026-03-03T09:01:00Z',
  region: 'eu-central-1',
  resources: ['arn:aws:ses:eu-central-1:123456789012:configuration-set/frontoffice-prod-engagement'],
  detail,
});

const bounce = (bounceType: string) => ({
  eventType: 'Bounce',
  bounce: {
    bounceType,
    bounceSubType: bounceType === 'Permanent' ? 'General' : 'MailboxFull',
    bouncedRecipients: [
      {
        emailAddress: 'anna@example.de',
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      },
    ],
    timestamp: '2026-03-03T09:00:02.669Z',
    feedbackId: '0100018e-feedback',
    reportingMTA: 'dsn; mta.example.de',
  },
  mail: mail(CAMPAIGN_TAGS),
});

describe('SES event parsing', () => {
  it('reads a permanent and a transient bounce with their recipients', () => {
    const permanent = sesEventDetailSchema.parse(bounce('Permanent'));
    const transient = sesEventDetailSchema.parse(bounce('Transient'));
    expect(permanent.eventType === 'Bounce' && permanent.bounce.bounceType).toBe('Permanent');
    expect(transient.eventType === 'Bounce' && transient.bounce.bounceSubType).toBe('MailboxFull');
    expect(permanent.eventType === 'Bounce' && permanent.bounce.bouncedRecipients[0]?.emailAddress).toBe(
      'anna@example.de',
    );
    expect(occurredAtOf(permanent)).toBe('2026-03-03T09:00:02.669Z');
  });

  it('reads complaint, delivery, open, click and send records', () => {
    const complaint = sesEventDetailSchema.parse({
      eventType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'anna@example.de' }],
        timestamp: '2026-03-03T10:00:00.000Z',
        feedbackId: 'f',
        userAgent: 'Mozilla/5.0',
        complaintFeedbackType: 'abuse',
        arrivalDate: '2026-03-03T09:59:00.000Z',
      },
      mail: mail(CAMPAIGN_TAGS),
    });
    const delivery = sesEventDetailSchema.parse({
      eventType: 'Delivery',
      delivery: {
        timestamp: '2026-03-03T09:00:01.000Z',
        processingTimeMillis: 546,
        recipients: ['anna@example.de'],
        smtpResponse: '250 ok',
        reportingMTA: 'a8-70.smtp-out.amazonses.com',
      },
      mail: mail(CAMPAIGN_TAGS),
    });
    const open = sesEventDetailSchema.parse({
      eventType: 'Open',
      open: { ipAddress: '192.0.2.1', timestamp: '2026-03-03T11:00:00.000Z', userAgent: 'Mozilla/5.0' },
      mail: mail(CAMPAIGN_TAGS),
    });
    const click = sesEventDetailSchema.parse({
      eventType: 'Click',
      click: {
        ipAddress: '192.0.2.1',
        link: 'https://shop.example.de/angebote?token=abc',
        linkTags: { samplekey0: ['samplevalue0'] },
        timestamp: '2026-03-03T11:05:00.000Z',
        userAgent: 'Mozilla/5.0',
      },
      mail: mail(CAMPAIGN_TAGS),
    });
    const send = sesEventDetailSchema.parse({ eventType: 'Send', send: {}, mail: mail(CAMPAIGN_TAGS) });
    expect([complaint, delivery, open, click, send].map((detail) => detail.eventType)).toEqual([
      'Complaint',
      'Delivery',
      'Open',
      'Click',
      'Send',
    ]);
    expect(occurredAtOf(click)).toBe('2026-03-03T11:05:00.000Z');
    expect(occurredAtOf(send)).toBe('2026-03-03T09:00:00.012Z');
  });

  it('checks the EventBridge envelope: source aws.ses and a detail-type that matches the record', () => {
    expect(sesBusEventSchema.safeParse(busEvent('Email Bounced', bounce('Permanent'))).success).toBe(true);
    expect(sesBusEventSchema.safeParse(busEvent('Email Opened', bounce('Permanent'))).success).toBe(false);
    expect(
      sesBusEventSchema.safeParse({
        ...busEvent('Email Bounced', bounce('Permanent')),
        source: 'frontoffice',
      }).success,
    ).toBe(false);
  });

  it('refuses records it cannot act on: other types, missing recipients, unknown bounce types', () => {
    const delay = { eventType: 'DeliveryDelay', deliveryDelay: {}, mail: mail() };
    const noRecipients = {
      ...bounce('Permanent'),
      bounce: { ...bounce('Permanent').bounce, bouncedRecipients: [] },
    };
    const oddType = bounce('Soft');
    const noMessageId = { ...bounce('Permanent'), mail: { ...mail(), messageId: undefined } };
    for (const record of [delay, noRecipients, oddType, noMessageId]) {
      expect(sesEventDetailSchema.safeParse(record).success).toBe(false);
    }
  });
});

describe('MailRef of an SES event', () => {
  it('comes from the message tags', () => {
    const detail = sesEventDetailSchema.parse(bounce('Permanent'));
    expect(mailRefOf(detail.mail)).toEqual({
      kind: 'campaign',
      sourceId: '01HZCAMPAIGN',
      contactId: '01HZCONTACT',
    });
  });

  it('falls back to the X-FrontOffice-Ref header (any case) when the tags do not carry it', () => {
    const headers = [
      { name: 'From', value: 'news@example.de' },
      { name: 'x-frontoffice-ref', value: 'sequence.01HZSEQ.01HZCONTACT' },
    ];
    const detail = sesEventDetailSchema.parse({ eventType: 'Send', send: {}, mail: mail({}, headers) });
    expect(mailRefOf(detail.mail)).toEqual({
      kind: 'sequence',
      sourceId: '01HZSEQ',
      contactId: '01HZCONTACT',
    });
  });

  it('is undefined for other mail and for malformed references', () => {
    const plain = sesEventDetailSchema.parse({ eventType: 'Send', send: {}, mail: mail() });
    const forged = sesEventDetailSchema.parse({
      eventType: 'Send',
      send: {},
      mail: mail({ 'fo-kind': ['newsletter'], 'fo-source': ['x'], 'fo-contact': ['y'] }, [
        { name: 'X-FrontOffice-Ref', value: 'campaign.a.b.c' },
      ]),
    });
    expect(mailRefOf(plain.mail)).toBeUndefined();
    expect(mailRefOf(forged.mail)).toBeUndefined();
  });
});

describe('clicked links', () => {
  it('keep only the host for events and drop query and fragment for scoring', () => {
    expect(linkHostOf('https://Shop.Example.de/angebote?token=abc#x')).toBe('shop.example.de');
    expect(linkPathOf('https://shop.example.de/preise?token=abc#x')).toBe('https://shop.example.de/preise');
    expect(linkHostOf('mailto:anna@example.de')).toBeUndefined();
    expect(linkPathOf('not a url')).toBeUndefined();
  });
});
