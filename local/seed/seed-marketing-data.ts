/**
 * Marketing demo data for `frontoffice seed`: German and English templates, a newsletter segment,
 * a draft campaign and the whitepaper nurture sequence (active), plus the reactivation example
 * (a draft, because it mails customers). Names are the keys: a re-run finds them and adds nothing.
 */

type Variant = { subject: string; html: string; text: string };
export type SeedTemplate = {
  name: string;
  kind: 'marketing';
  language: 'de' | 'en';
  variants: { de: Variant; en: Variant };
};

const unsubscribeDe = '<p><a href="{{{unsubscribeUrl}}}">Abmelden</a></p>';
const unsubscribeEn = '<p><a href="{{{unsubscribeUrl}}}">Unsubscribe</a></p>';

const mail = (de: [string, string], en: [string, string]): SeedTemplate['variants'] => ({
  de: {
    subject: de[0],
    html: `<p>{{contact.salutation}},</p><p>${de[1]}</p>${unsubscribeDe}`,
    text: `{{contact.salutation}},\n\n${de[1]}\n\nAbmelden: {{unsubscribeUrl}}`,
  },
  en: {
    subject: en[0],
    html: `<p>{{contact.salutation}},</p><p>${en[1]}</p>${unsubscribeEn}`,
    text: `{{contact.salutation}},\n\n${en[1]}\n\nUnsubscribe: {{unsubscribeUrl}}`,
  },
});

export const SEED_TEMPLATES: SeedTemplate[] = [
  {
    name: 'Newsletter November',
    kind: 'marketing',
    language: 'de',
    variants: mail(
      [
        'Neues aus der Instandhaltung',
        'Drei Wege, ungeplante Stillstände zu halbieren – mit Zustandsüberwachung.',
      ],
      ['News from maintenance', 'Three ways to halve unplanned downtime – with condition monitoring.'],
    ),
  },
  {
    name: 'Whitepaper-Nurture 1: Danke',
    kind: 'marketing',
    language: 'de',
    variants: mail(
      [
        'Ihr Whitepaper zur vorausschauenden Wartung',
        'danke für Ihr Interesse. Hier die wichtigsten Thesen im Überblick.',
      ],
      [
        'Your predictive maintenance whitepaper',
        'thank you for your interest. Here are the key points at a glance.',
      ],
    ),
  },
  {
    name: 'Whitepaper-Nurture 2: Praxisbeispiel',
    kind: 'marketing',
    language: 'de',
    variants: mail(
      [
        'Praxisbeispiel: 30 % weniger Ausfälle',
        'wie ein Mittelständler seine Ausfallzeiten um 30 % gesenkt hat.',
      ],
      ['Case study: 30% fewer breakdowns', 'how a mid-sized manufacturer cut its downtime by 30%.'],
    ),
  },
  {
    name: 'Whitepaper-Nurture 3: Demo',
    kind: 'marketing',
    language: 'de',
    variants: mail(
      [
        'Sehen Sie es live: 20 Minuten Demo',
        'in 20 Minuten zeigen wir Ihnen die Lösung an Ihren eigenen Anlagen.',
      ],
      ['See it live: a 20-minute demo', 'in 20 minutes we show you the solution on your own machines.'],
    ),
  },
];

export const SEED_SEGMENT = {
  name: 'Newsletter: Kunden und Interessenten',
  description: 'Customers, leads and MQLs; the campaign sender still checks consent for each.',
  rule: { all: [{ field: 'lifecycleStage', op: 'in', value: ['customer', 'lead', 'mql', 'sql'] }] },
};

export const SEED_CAMPAIGN = {
  name: 'Newsletter November',
  template: 'Newsletter November',
  purpose: 'newsletter' as const,
  costs: { amount: '250.00', currency: 'EUR' as const },
  attributionDays: 30,
};

export const SEED_NURTURE = {
  name: 'Whitepaper-Nurture',
  status: 'active' as const,
  trigger: {
    type: 'event' as const,
    event: 'lead.scored' as const,
    behaviour: 'whitepaper_download' as const,
  },
  mails: [
    'Whitepaper-Nurture 1: Danke',
    'Whitepaper-Nurture 2: Praxisbeispiel',
    'Whitepaper-Nurture 3: Demo',
  ],
  waits: [3, 7],
  exit: { on: ['demo_request', 'lead_converted', 'unsubscribed', 'became_customer'] },
};
