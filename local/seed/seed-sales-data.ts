import { SEED_ACCOUNTS, SEED_CONTACTS, type SeedContact } from './seed-data.ts';

/**
 * Sales demo data for `frontoffice seed`: a small price list, leads from every source and
 * opportunities spread over the pipeline, German and English. Deterministic like the rest.
 */

export type SeedProduct = {
  sku: string;
  name: string;
  price: { amount: string; currency: 'EUR' };
  taxPercent: string;
  available: boolean;
};

export const SEED_PRODUCTS: SeedProduct[] = [
  {
    sku: 'VS-100',
    name: 'Vibrationssensor VS-100',
    price: { amount: '249.00', currency: 'EUR' },
    taxPercent: '19',
    available: true,
  },
  {
    sku: 'GW-2',
    name: 'IoT-Gateway GW-2',
    price: { amount: '1290.00', currency: 'EUR' },
    taxPercent: '19',
    available: true,
  },
  {
    sku: 'SVC-H',
    name: 'Servicestunde Technik',
    price: { amount: '95.00', currency: 'EUR' },
    taxPercent: '19',
    available: true,
  },
  {
    sku: 'TRN-DAY',
    name: 'Bedienerschulung (1 Tag)',
    price: { amount: '890.00', currency: 'EUR' },
    taxPercent: '19',
    available: true,
  },
  {
    sku: 'MAN-DE',
    name: 'Handbuch, gedruckt',
    price: { amount: '29.90', currency: 'EUR' },
    taxPercent: '7',
    available: true,
  },
  {
    sku: 'KIT-SP',
    name: 'Ersatzteilset Linie 3',
    price: { amount: '149.50', currency: 'EUR' },
    taxPercent: '19',
    available: false,
  },
];

export type SeedLead = {
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  source: string;
  country: string;
  /** Behaviour recorded after capture; enough of it makes the lead an MQL. */
  behaviour: ('page_view' | 'whitepaper_download' | 'webinar_attended' | 'demo_request' | 'email_click')[];
};

export const SEED_LEADS: SeedLead[] = [
  {
    email: 'm.schulz@stahlbau-nord.de',
    firstName: 'Marcel',
    lastName: 'Schulz',
    company: 'Stahlbau Nord GmbH',
    source: 'campaign:whitepaper-industrie-40',
    country: 'DE',
    behaviour: ['whitepaper_download', 'webinar_attended', 'demo_request'],
  },
  {
    email: 'a.krause@elektro-krause.de',
    firstName: 'Andrea',
    lastName: 'Krause',
    company: 'Elektro Krause e.K.',
    source: 'event:Hannover Messe',
    country: 'DE',
    behaviour: ['page_view', 'whitepaper_download'],
  },
  {
    email: 'jonas.berger@alpenlogistik.at',
    firstName: 'Jonas',
    lastName: 'Berger',
    company: 'Alpenlogistik AG',
    source: 'campaign:fruehjahr-2026',
    country: 'AT',
    behaviour: ['email_click', 'demo_request', 'webinar_attended'],
  },
  {
    email: 'claudia.meier@praezision-ch.ch',
    firstName: 'Claudia',
    lastName: 'Meier',
    company: 'Präzision Meier AG',
    source: 'api',
    country: 'CH',
    behaviour: ['page_view'],
  },
  {
    email: 'oliver.wright@harbourfoods.co.uk',
    firstName: 'Oliver',
    lastName: 'Wright',
    company: 'Harbour Foods Ltd',
    source: 'campaign:website-contact',
    country: 'GB',
    behaviour: ['whitepaper_download', 'demo_request', 'webinar_attended'],
  },
  {
    email: 'grace.evans@pennine-tools.co.uk',
    firstName: 'Grace',
    lastName: 'Evans',
    company: 'Pennine Tools Ltd',
    source: 'event:Automation Expo',
    country: 'GB',
    behaviour: ['email_click'],
  },
  {
    email: 'f.yilmaz@yilmaz-kunststoff.de',
    firstName: 'Fatma',
    lastName: 'Yılmaz',
    company: 'Yılmaz Kunststofftechnik',
    source: 'import',
    country: 'DE',
    behaviour: [],
  },
  {
    email: 'lukas.wagner@wagner-agrar.de',
    firstName: 'Lukas',
    lastName: 'Wagner',
    company: 'Wagner Agrartechnik',
    source: 'campaign:whitepaper-industrie-40',
    country: 'DE',
    behaviour: ['whitepaper_download', 'page_view'],
  },
];

export type SeedOpportunity = {
  contact: SeedContact;
  accountName: string;
  name: string;
  amount: string;
  stage: 'qualification' | 'proposal' | 'negotiation' | 'closed_won' | 'closed_lost';
  closeInDays: number;
  lostReason?: string;
};

const THEMES = [
  'Zustandsüberwachung',
  'Retrofit Linie 2',
  'Condition Monitoring',
  'Service-Vertrag',
  'Gateway-Rollout',
  'Schulungspaket',
];
const STAGES: SeedOpportunity['stage'][] = [
  'qualification',
  'proposal',
  'negotiation',
  'negotiation',
  'closed_won',
  'closed_lost',
  'proposal',
  'qualification',
];
const AMOUNTS = [
  '18500.00',
  '42000.00',
  '7350.50',
  '96000.00',
  '12990.00',
  '23400.00',
  '5600.00',
  '61250.00',
];

/** One opportunity for each of the first customers and opportunity-stage contacts with a company. */
export const SEED_OPPORTUNITIES: SeedOpportunity[] = SEED_CONTACTS.filter(
  (contact) => contact.lifecycleStage === 'opportunity' || contact.lifecycleStage === 'customer',
)
  .slice(0, 8)
  .map((contact, index) => {
    const accountName =
      SEED_ACCOUNTS.find((account) => account.key === contact.accountKey)?.name ?? contact.lastName;
    const stage = STAGES[index % STAGES.length] ?? 'qualification';
    return {
      contact,
      accountName,
      name: `${accountName} – ${THEMES[index % THEMES.length]}`,
      amount: AMOUNTS[index % AMOUNTS.length] ?? '10000.00',
      stage,
      closeInDays: 14 + index * 9,
      ...(stage === 'closed_lost' ? { lostReason: 'competitor' } : {}),
    };
  });
