import { newRecordMeta } from '#shared/platform/db/record.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { conflict } from '#shared/platform/errors.ts';
import type { Rule } from '#shared/segments/segment.rule.ts';
import { createSegment } from '#shared/segments/segment.service.ts';
import { createTemplate } from '#shared/templates/template.service.ts';
import { sequenceItem } from './sequence.entity.ts';
import { sequenceCreated } from './sequence.events.ts';
import type { Sequence } from './sequence.schema.ts';

const NO_RECENT_ORDER = (days: number): Rule => ({
  not: { field: 'event:order.placed', op: 'within_days', value: days },
});

const page = (lines: string[], footer: string) =>
  `<!doctype html><html><body>${lines.map((line) => `<p>${line}</p>`).join('')}<p style="font-size:12px"><a href="{{{unsubscribeUrl}}}">${footer}</a></p></body></html>`;

const WE_MISS_YOU = {
  de: {
    subject: 'Wir vermissen Sie',
    html: page(
      [
        '{{contact.salutation}},',
        'Ihre letzte Bestellung bei uns ist eine Weile her. Wir haben seitdem einiges verbessert und würden uns freuen, wieder von Ihnen zu hören.',
        'Antworten Sie einfach auf diese Mail, wenn wir Ihnen helfen können.',
      ],
      'Keine solchen Mails mehr erhalten',
    ),
    text: '{{contact.salutation}},\n\nIhre letzte Bestellung bei uns ist eine Weile her. Wir haben seitdem einiges verbessert und würden uns freuen, wieder von Ihnen zu hören.\n\nAbmelden: {{unsubscribeUrl}}\n',
  },
  en: {
    subject: 'We miss you',
    html: page(
      [
        '{{contact.salutation}},',
        'It has been a while since your last order. We have improved a lot since then and would be glad to hear from you again.',
        'Just reply to this mail if we can help.',
      ],
      'Stop receiving these mails',
    ),
    text: '{{contact.salutation}},\n\nIt has been a while since your last order. We have improved a lot since then and would be glad to hear from you again.\n\nUnsubscribe: {{unsubscribeUrl}}\n',
  },
};

const OFFER = {
  de: {
    subject: 'Ein Angebot für Ihre Rückkehr',
    html: page(
      [
        '{{contact.salutation}},',
        'als Dankeschön für Ihre Treue erhalten Sie auf Ihre nächste Bestellung 10 % Rabatt. Ihr Ansprechpartner meldet sich in den nächsten Tagen bei Ihnen.',
      ],
      'Keine solchen Mails mehr erhalten',
    ),
    text: '{{contact.salutation}},\n\nals Dankeschön für Ihre Treue erhalten Sie auf Ihre nächste Bestellung 10 % Rabatt. Ihr Ansprechpartner meldet sich in den nächsten Tagen bei Ihnen.\n\nAbmelden: {{unsubscribeUrl}}\n',
  },
  en: {
    subject: 'An offer to welcome you back',
    html: page(
      [
        '{{contact.salutation}},',
        'as a thank-you for your loyalty you get 10% off your next order. Your account manager will be in touch in the next few days.',
      ],
      'Stop receiving these mails',
    ),
    text: '{{contact.salutation}},\n\nas a thank-you for your loyalty you get 10% off your next order. Your account manager will be in touch in the next few days.\n\nUnsubscribe: {{unsubscribeUrl}}\n',
  },
};

/**
 * The built-in reactivation example, created in one transaction as a draft (it mails customers, so
 * someone reviews and activates it): the segment "customers without an order for N days"
 * (re-evaluated daily), the two de/en marketing templates and the sequence: "We miss you", wait 7
 * days, still no order → the offer, else exit; then the owner is asked to call. It exits when the
 * customer orders or unsubscribes.
 */
export const createReactivationExample = async (input: { inactiveDays: number }, uow: UnitOfWork) => {
  const segment = createSegment(
    {
      name: `Inaktive Kunden (${input.inactiveDays} Tage ohne Bestellung)`,
      description:
        'Customers without an order for a while; the reactivation sequence enrolls its new members daily.',
      rule: {
        all: [{ field: 'lifecycleStage', op: 'eq', value: 'customer' }, NO_RECENT_ORDER(input.inactiveDays)],
      },
    },
    uow,
  );
  const weMissYou = await createTemplate(
    {
      name: 'Reaktivierung: Wir vermissen Sie',
      description: 'Step 1 of the reactivation example sequence.',
      kind: 'marketing',
      language: 'de',
      variants: WE_MISS_YOU,
    },
    uow,
  );
  const offer = await createTemplate(
    {
      name: 'Reaktivierung: Angebot',
      description:
        'Step 4 of the reactivation example sequence (sent when the customer did not order after the first mail).',
      kind: 'marketing',
      language: 'de',
      variants: OFFER,
    },
    uow,
  );
  const sequence: Sequence = {
    ...newRecordMeta(),
    name: 'Reaktivierung inaktiver Kunden',
    description: `Customers without an order for ${input.inactiveDays} days: "We miss you", a week later an offer, then a call by the owner.`,
    status: 'draft',
    trigger: { type: 'segment', segmentId: segment.id },
    steps: [
      { type: 'mail', templateId: weMissYou.id, purpose: 'marketing' },
      { type: 'wait', days: 7 },
      { type: 'condition', rule: NO_RECENT_ORDER(7), onMatch: 'continue', onMiss: 'exit' },
      { type: 'mail', templateId: offer.id, purpose: 'marketing' },
      { type: 'notify_owner', message: 'Reaktivierung: Kunde nach dem Angebot anrufen' },
    ],
    exit: { on: ['order_placed', 'unsubscribed'] },
  };
  uow.create(sequenceItem(sequence), () => conflict('Sequence id collision; retry.'));
  uow.emit(sequenceCreated, sequence.id, { status: sequence.status, steps: sequence.steps.length });
  return { sequence, segmentId: segment.id, templateIds: { weMissYou: weMissYou.id, offer: offer.id } };
};
