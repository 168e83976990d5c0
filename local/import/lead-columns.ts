/** The lead fields a CSV column can fill (the fields of `createLeadBody`). */
export const LEAD_IMPORT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'company',
  'phone',
  'country',
  'message',
  'source',
  'territory',
  'team',
  'ownerId',
  'budget',
  'authority',
  'need',
  'timing',
] as const;
export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];

/**
 * Column names per field, English and German, written normalised (see `normaliseColumnName`):
 * `E-Mail`, `e_mail` and `EMail` all become `email`.
 */
const ALIASES: Record<LeadImportField, readonly string[]> = {
  email: ['email', 'emailaddress', 'emailadresse', 'mail', 'mailadresse'],
  firstName: ['firstname', 'first', 'givenname', 'forename', 'vorname'],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'nachname', 'familienname'],
  company: [
    'company',
    'companyname',
    'organization',
    'organisation',
    'account',
    'accountname',
    'firma',
    'firmenname',
    'unternehmen',
  ],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'telefon', 'telefonnummer', 'mobil', 'handy'],
  country: ['country', 'countrycode', 'land', 'laendercode'],
  message: [
    'message',
    'note',
    'notes',
    'comment',
    'comments',
    'nachricht',
    'notiz',
    'kommentar',
    'bemerkung',
  ],
  source: ['source', 'leadsource', 'quelle', 'herkunft'],
  territory: ['territory', 'region', 'gebiet', 'vertriebsgebiet'],
  team: ['team'],
  ownerId: ['ownerid', 'owner', 'besitzer', 'zustaendig'],
  budget: ['budget'],
  authority: ['authority', 'entscheidungsbefugnis', 'entscheider'],
  need: ['need', 'bedarf'],
  timing: ['timing', 'timeframe', 'zeitrahmen', 'zeitplan'],
};

const FIELD_BY_ALIAS = new Map<string, LeadImportField>(
  LEAD_IMPORT_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [alias, field] as const)),
);

/** Lower case, umlauts spelt out, everything but letters and digits dropped: `E-Mail` → `email`. */
export const normaliseColumnName = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');

/** Which lead field each column fills, and which columns the import ignores. */
export type ColumnMapping = {
  /** Per column index: the field it fills, or undefined for an ignored column. */
  fields: (LeadImportField | undefined)[];
  /** Columns that are no lead field, as the header names them. */
  unknown: string[];
  /** Columns naming a field an earlier column already fills: the first one wins. */
  duplicates: string[];
};

/** Maps a header row to lead fields, case-insensitively and in English or German. */
export const mapLeadColumns = (header: readonly string[]): ColumnMapping => {
  const taken = new Set<LeadImportField>();
  const mapping: ColumnMapping = { fields: [], unknown: [], duplicates: [] };
  for (const name of header) {
    const field = FIELD_BY_ALIAS.get(normaliseColumnName(name));
    if (!field) {
      mapping.fields.push(undefined);
      if (name.trim()) mapping.unknown.push(name.trim());
    } else if (taken.has(field)) {
      mapping.fields.push(undefined);
      mapping.duplicates.push(name.trim());
    } else {
      taken.add(field);
      mapping.fields.push(field);
    }
  }
  return mapping;
};
