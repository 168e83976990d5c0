/**
 * Demo data for `frontoffice seed`: German and English companies and people, spread over lifecycle
 * stages, languages, interests, consents and activities, so every screen and report has something
 * to show. Deterministic: the same data every run, which keeps re-seeding idempotent.
 */

export type SeedAccount = {
  key: string;
  name: string;
  domain: string;
  industry: string;
  language: 'de' | 'en';
  phone: string;
  employeeCount: number;
  address: { street: string; postalCode: string; city: string; country: string };
};

export type SeedContact = {
  key: string;
  accountKey: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  jobTitle: string;
  ownerId: string;
  lifecycleStage: 'subscriber' | 'lead' | 'mql' | 'sql' | 'opportunity' | 'customer' | 'inactive';
  language: 'de' | 'en';
  interests: string[];
  consents: {
    channel: 'email' | 'phone';
    status: 'granted' | 'pending' | 'revoked';
    source: string;
    version: string;
  }[];
};

export type SeedActivity = {
  key: string;
  contactKey: string;
  accountKey: string;
  type: 'call' | 'email' | 'meeting' | 'note' | 'task';
  subject: string;
  body: string;
  /** Days from today (UTC midnight); negative is the past. */
  dueInDays?: number;
  completedDaysAgo?: number;
  ownerId: string;
};

/** Owners are the dev users `frontoffice token --role …` signs as, plus two colleagues. */
export const SEED_OWNERS = ['dev-sales', 'dev-sales_manager', 'lena.hoffmann', 'tom.baker'] as const;

type AccountRow = [
  name: string,
  domain: string,
  industry: string,
  street: string,
  postalCode: string,
  city: string,
  country: string,
  employees: number,
];

const GERMAN_ACCOUNTS: AccountRow[] = [
  [
    'Müller Maschinenbau GmbH',
    'mueller-maschinenbau.de',
    'Maschinenbau',
    'Industriestraße 12',
    '70565',
    'Stuttgart',
    'DE',
    420,
  ],
  [
    'Hoffmann & Söhne KG',
    'hoffmann-soehne.de',
    'Großhandel',
    'Am Sandtorkai 5',
    '20457',
    'Hamburg',
    'DE',
    85,
  ],
  [
    'Schäfer Logistik AG',
    'schaefer-logistik.de',
    'Logistik',
    'Hafenstraße 101',
    '28217',
    'Bremen',
    'DE',
    1300,
  ],
  [
    'Weiß Medizintechnik GmbH',
    'weiss-medizintechnik.de',
    'Medizintechnik',
    'Zeppelinstraße 8',
    '78532',
    'Tuttlingen',
    'DE',
    210,
  ],
  [
    'Bäckerei Krüger e.K.',
    'baeckerei-krueger.de',
    'Lebensmittel',
    'Karl-Liebknecht-Straße 44',
    '04275',
    'Leipzig',
    'DE',
    35,
  ],
  [
    'Outdoor Welt GmbH',
    'outdoor-welt.de',
    'Einzelhandel (Outdoor)',
    'Sendlinger Straße 21',
    '80331',
    'München',
    'DE',
    160,
  ],
  [
    'Becker Elektrotechnik GmbH',
    'becker-elektrotechnik.de',
    'Elektrotechnik',
    'Deutzer Freiheit 77',
    '50679',
    'Köln',
    'DE',
    95,
  ],
  [
    'Schröder Bau GmbH & Co. KG',
    'schroeder-bau.de',
    'Bauwesen',
    'Podbielskistraße 160',
    '30177',
    'Hannover',
    'DE',
    240,
  ],
  [
    'Fischer Software Solutions GmbH',
    'fischer-software.de',
    'Software',
    'Friedrichstraße 68',
    '10117',
    'Berlin',
    'DE',
    60,
  ],
  [
    'Zimmermann Möbelwerke GmbH',
    'zimmermann-moebel.de',
    'Möbelindustrie',
    'Herforder Straße 200',
    '33609',
    'Bielefeld',
    'DE',
    380,
  ],
  [
    'Alpensport Vertrieb GmbH',
    'alpensport-vertrieb.at',
    'Sportartikel',
    'Mariahilfer Straße 99',
    '1060',
    'Wien',
    'AT',
    70,
  ],
  [
    'Keller Versicherungsmakler GmbH',
    'keller-makler.de',
    'Versicherungen',
    'Königsallee 30',
    '40212',
    'Düsseldorf',
    'DE',
    40,
  ],
];

const ENGLISH_ACCOUNTS: AccountRow[] = [
  [
    'Northwind Traders Ltd',
    'northwind-traders.co.uk',
    'Wholesale',
    '12 Baker Street',
    'W1U 3BW',
    'London',
    'GB',
    150,
  ],
  [
    'Contoso Pharmaceuticals plc',
    'contoso-pharma.co.uk',
    'Pharmaceuticals',
    '3 Station Road',
    'CB1 2JH',
    'Cambridge',
    'GB',
    2200,
  ],
  [
    'Blue Harbour Shipping Ltd',
    'blueharbour-shipping.co.uk',
    'Shipping',
    '44 Ocean Way',
    'SO14 3JZ',
    'Southampton',
    'GB',
    540,
  ],
  [
    'Greenfield Organics Inc.',
    'greenfield-organics.com',
    'Food & Beverage',
    '800 NW Everett St',
    '97209',
    'Portland',
    'US',
    120,
  ],
  [
    'Summit Outdoor Gear LLC',
    'summit-outdoor.com',
    'Retail (Outdoor)',
    '1600 Wynkoop St',
    '80202',
    'Denver',
    'US',
    300,
  ],
  [
    'Clarke & Partners Consulting',
    'clarke-partners.co.uk',
    'Consulting',
    '1 Spinningfields',
    'M3 3AP',
    'Manchester',
    'GB',
    45,
  ],
  [
    'Brightline Energy Ltd',
    'brightline-energy.ie',
    'Energy',
    '25 Grand Canal Quay',
    'D02 X576',
    'Dublin',
    'IE',
    410,
  ],
  [
    'Maple Leaf Robotics Inc.',
    'mapleleaf-robotics.ca',
    'Robotics',
    '200 Front St W',
    'M5V 3K2',
    'Toronto',
    'CA',
    180,
  ],
];

const PHONE_PREFIX: Record<string, string> = {
  DE: '+49 ',
  AT: '+43 1 ',
  GB: '+44 20 ',
  US: '+1 503 ',
  IE: '+353 1 ',
  CA: '+1 416 ',
};

const phoneFor = (country: string, seed: number): string =>
  `${PHONE_PREFIX[country] ?? '+49 '}${String(1000000 + ((seed * 7919) % 8999999)).replace(/(\d{3})(\d+)/, '$1 $2')}`;

const slug = (value: string): string =>
  value
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');

const toAccount = (row: AccountRow, language: 'de' | 'en', index: number): SeedAccount => {
  const [name, domain, industry, street, postalCode, city, country, employeeCount] = row;
  return {
    key: domain,
    name,
    domain,
    industry,
    language,
    phone: phoneFor(country, index + 11),
    employeeCount,
    address: { street, postalCode, city, country },
  };
};

export const SEED_ACCOUNTS: SeedAccount[] = [
  ...GERMAN_ACCOUNTS.map((row, index) => toAccount(row, 'de', index)),
  ...ENGLISH_ACCOUNTS.map((row, index) => toAccount(row, 'en', index + GERMAN_ACCOUNTS.length)),
];

// Four people per company; Jürgen Weiß, Sophie Schäfer and Emily Clarke are placed at their companies.
const GERMAN_PEOPLE: [string, string][] = [
  ['Katrin', 'Müller'],
  ['Matthias', 'Hoffmann'],
  ['Elke', 'Wittmann'],
  ['Bernd', 'Seidel'],
  ['Anja', 'Krüger'],
  ['Stefan', 'Becker'],
  ['Julia', 'Schröder'],
  ['Thomas', 'Fischer'],
  ['Sabine', 'Zimmermann'],
  ['Andreas', 'Wagner'],
  ['Claudia', 'Schulz'],
  ['Michael', 'Koch'],
  ['Birgit', 'Richter'],
  ['Frank', 'Klein'],
  ['Monika', 'Wolf'],
  ['Uwe', 'Schneider'],
  ['Petra', 'Neumann'],
  ['Jörg', 'Schwarz'],
  ['Susanne', 'Braun'],
  ['Tobias', 'Hofmann'],
  ['Nicole', 'Hartmann'],
  ['Markus', 'Lange'],
  ['Daniela', 'Werner'],
  ['Christian', 'Krause'],
  ['Silke', 'Lehmann'],
  ['Martin', 'Köhler'],
  ['Heike', 'Maier'],
  ['Florian', 'Huber'],
  ['Ute', 'Kaiser'],
  ['Ralf', 'Fuchs'],
  ['Kerstin', 'Peters'],
  ['Sebastian', 'Scholz'],
  ['Anke', 'Möller'],
  ['Dirk', 'Vogel'],
  ['Yvonne', 'Jäger'],
  ['Holger', 'Günther'],
  ['Lea', 'Böhm'],
  ['Lukas', 'Groß'],
  ['Miriam', 'Sauer'],
  ['Jan', 'Dietrich'],
  ['Franziska', 'Schmitt'],
  ['Benedikt', 'Özdemir'],
  ['Katharina', 'Brandt'],
  ['Helmut', 'Haas'],
  ['Carina', 'Schreiber'],
  ['Oliver', 'Graf'],
  ['Tanja', 'Schumacher'],
  ['Simon', 'Ludwig'],
];

const ENGLISH_PEOPLE: [string, string][] = [
  ['Rachel', 'Ellis'],
  ['James', 'Whitmore'],
  ['Olivia', 'Bennett'],
  ['Oliver', 'Hughes'],
  ['Charlotte', 'Davies'],
  ['Harry', 'Thompson'],
  ['Amelia', 'Evans'],
  ['George', 'Walsh'],
  ['Isla', 'Robinson'],
  ['Jack', 'Murphy'],
  ['Grace', 'Wright'],
  ['Noah', 'Patel'],
  ['Sophia', "O'Brien"],
  ['William', 'Green'],
  ['Ava', 'Hall'],
  ['Thomas', 'Wood'],
  ['Mia', 'Edwards'],
  ['Daniel', 'Turner'],
  ['Ella', 'Cooper'],
  ['Samuel', 'Kelly'],
  ['Lily', 'Morgan'],
  ['Henry', 'Fraser'],
  ['Chloe', 'Nguyen'],
  ['Ethan', 'MacDonald'],
  ['Ruby', 'Anderson'],
  ['Lucas', 'Martin'],
  ['Freya', 'Campbell'],
  ['Leo', 'Stewart'],
  ['Zoe', 'Hamilton'],
  ['Max', 'Fletcher'],
  ['Hannah', 'Price'],
  ['Oscar', 'Barnes'],
];

const GERMAN_TITLES = [
  'Geschäftsführer',
  'Leiterin Einkauf',
  'Marketingleiterin',
  'IT-Leiter',
  'Vertriebsleiter',
  'Assistenz der Geschäftsführung',
  'Teamleiterin Kundenservice',
  'Produktmanager',
];
const ENGLISH_TITLES = [
  'Managing Director',
  'Head of Procurement',
  'Marketing Manager',
  'Operations Director',
  'Sales Lead',
  'Customer Success Manager',
  'IT Manager',
  'Office Manager',
];

const GERMAN_INTERESTS = [
  'Outdoor',
  'Wandern',
  'Camping',
  'Whitepaper CRM',
  'Industrie 4.0',
  'Newsletter',
  'Webinare',
  'Nachhaltigkeit',
  'Ersatzteile',
  'Wartungsverträge',
];
const ENGLISH_INTERESTS = [
  'hiking',
  'outdoor',
  'crm-whitepaper',
  'automation',
  'analytics',
  'newsletter',
  'webinars',
  'sustainability',
  'spare-parts',
  'service-contracts',
];

const STAGES: SeedContact['lifecycleStage'][] = [
  'subscriber',
  'lead',
  'mql',
  'sql',
  'opportunity',
  'customer',
  'customer',
  'inactive',
  'lead',
  'mql',
];

const consentsFor = (index: number, language: 'de' | 'en'): SeedContact['consents'] => {
  const source = language === 'de' ? 'Webformular Newsletter' : 'Website newsletter form';
  if (index % 17 === 4)
    return [
      {
        channel: 'email',
        status: 'revoked',
        source: language === 'de' ? 'Abmeldelink im Newsletter' : 'Unsubscribe link',
        version: '2024-03',
      },
    ];
  if (index % 10 === 2) return [{ channel: 'email', status: 'pending', source, version: '2024-03' }];
  if (index % 5 === 0) {
    const email = { channel: 'email' as const, status: 'granted' as const, source, version: '2024-03' };
    return index % 10 === 0
      ? [
          email,
          {
            channel: 'phone',
            status: 'granted',
            source: language === 'de' ? 'Messe Hannover 2025' : 'Trade fair 2025',
            version: '2025-01',
          },
        ]
      : [email];
  }
  return [];
};

const buildContacts = (): SeedContact[] => {
  const contacts: SeedContact[] = [];
  let german = 0;
  let english = 0;
  SEED_ACCOUNTS.forEach((account, accountIndex) => {
    for (let slot = 0; slot < 4; slot += 1) {
      const index = contacts.length;
      const de = account.language === 'de';
      const people = de ? GERMAN_PEOPLE : ENGLISH_PEOPLE;
      // The named examples belong with their companies.
      let person = people[(de ? german++ : english++) % people.length] ?? ['Max', 'Mustermann'];
      if (account.domain === 'weiss-medizintechnik.de' && slot === 0) person = ['Jürgen', 'Weiß'];
      if (account.domain === 'schaefer-logistik.de' && slot === 0) person = ['Sophie', 'Schäfer'];
      if (account.domain === 'clarke-partners.co.uk' && slot === 0) person = ['Emily', 'Clarke'];
      const [firstName, lastName] = person;
      const titles = de ? GERMAN_TITLES : ENGLISH_TITLES;
      const interests = de ? GERMAN_INTERESTS : ENGLISH_INTERESTS;
      const email = `${slug(firstName)}.${slug(lastName)}@${account.domain}`;
      // A couple of German contacts at English companies and vice versa, as in real life.
      const language = index % 11 === 7 ? (de ? 'en' : 'de') : account.language;
      contacts.push({
        key: email,
        accountKey: account.key,
        firstName,
        lastName,
        email,
        phone: phoneFor(account.address.country, index + 101),
        jobTitle: titles[(accountIndex + slot) % titles.length] ?? titles[0] ?? 'Manager',
        ownerId: SEED_OWNERS[(accountIndex + slot) % SEED_OWNERS.length] ?? 'dev-sales',
        lifecycleStage: STAGES[(accountIndex * 3 + slot) % STAGES.length] ?? 'lead',
        language,
        interests: [0, 1, 2]
          .slice(0, 1 + (index % 3))
          .map((offset) => interests[(index + offset * 3) % interests.length] ?? 'newsletter'),
        consents: consentsFor(index, language),
      });
    }
  });
  // Dedupe e-mails in case two lists produce the same person at one company.
  const seen = new Set<string>();
  return contacts.filter((contact) => !seen.has(contact.email) && seen.add(contact.email));
};

export const SEED_CONTACTS: SeedContact[] = buildContacts();

type ActivityTemplate = Pick<SeedActivity, 'type' | 'subject' | 'body' | 'dueInDays' | 'completedDaysAgo'>;

const GERMAN_ACTIVITIES: ActivityTemplate[] = [
  {
    type: 'call',
    subject: 'Erstgespräch: Bedarfsanalyse',
    body: 'Aktuelle Prozesse und Ansprechpartner im Einkauf geklärt. Budget für das nächste Quartal eingeplant.',
    completedDaysAgo: 21,
  },
  {
    type: 'meeting',
    subject: 'Produktdemo vor Ort',
    body: 'Demo mit Geschäftsführung und IT. Fragen zu Schnittstellen zum ERP-System, Angebot gewünscht.',
    completedDaysAgo: 9,
  },
  {
    type: 'task',
    subject: 'Angebot nachfassen',
    body: 'Telefonisch nachhaken, ob das Angebot geprüft wurde.',
    dueInDays: 3,
  },
  {
    type: 'note',
    subject: 'Interesse am Whitepaper „Kundenbindung im Mittelstand“',
    body: 'Whitepaper heruntergeladen und Webinar zur Lead-Bewertung besucht.',
    completedDaysAgo: 30,
  },
  {
    type: 'email',
    subject: 'Unterlagen zum Wartungsvertrag gesendet',
    body: 'Preisübersicht und Leistungsbeschreibung als PDF verschickt.',
    completedDaysAgo: 5,
  },
  {
    type: 'call',
    subject: 'Reklamation: Defektes Produkt',
    body: 'Kunde meldet ein defektes Gerät aus der letzten Lieferung; Austausch zugesagt, Ticket an den Technischen Support.',
    completedDaysAgo: 2,
  },
  {
    type: 'task',
    subject: 'Jahresgespräch vorbereiten',
    body: 'Umsatzentwicklung und offene Tickets zusammenstellen.',
    dueInDays: 14,
  },
];

const ENGLISH_ACTIVITIES: ActivityTemplate[] = [
  {
    type: 'call',
    subject: 'Discovery call',
    body: 'Walked through their current sales process; they want a single customer view across teams.',
    completedDaysAgo: 18,
  },
  {
    type: 'meeting',
    subject: 'Quarterly business review',
    body: 'Reviewed open orders and support tickets; renewal discussion planned for next month.',
    completedDaysAgo: 7,
  },
  {
    type: 'task',
    subject: 'Send case study and pricing',
    body: 'Share the logistics case study and the volume pricing sheet.',
    dueInDays: 2,
  },
  {
    type: 'note',
    subject: 'Asked about GDPR data export',
    body: 'Procurement needs confirmation of data residency in the EU.',
    completedDaysAgo: 12,
  },
  {
    type: 'email',
    subject: 'Follow-up on proposal',
    body: 'Sent the revised proposal with the agreed discount.',
    completedDaysAgo: 4,
  },
  {
    type: 'task',
    subject: 'Book onboarding workshop',
    body: 'Agree on a date for the two-day onboarding with their operations team.',
    dueInDays: 10,
  },
];

const buildActivities = (): SeedActivity[] => {
  const activities: SeedActivity[] = [];
  SEED_ACCOUNTS.forEach((account, accountIndex) => {
    const people = SEED_CONTACTS.filter((contact) => contact.accountKey === account.key);
    const templates = account.language === 'de' ? GERMAN_ACTIVITIES : ENGLISH_ACTIVITIES;
    const count = 2 + (accountIndex % 3);
    for (let n = 0; n < count; n += 1) {
      const template = templates[(accountIndex + n * 2) % templates.length];
      const contact = people[n % Math.max(1, people.length)];
      if (!template || !contact) continue;
      activities.push({
        ...template,
        key: `${contact.key}/${template.subject}`,
        contactKey: contact.key,
        accountKey: account.key,
        ownerId: contact.ownerId,
      });
    }
  });
  return activities;
};

export const SEED_ACTIVITIES: SeedActivity[] = buildActivities();
