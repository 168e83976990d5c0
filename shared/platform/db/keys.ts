/**
 * The single table's key attributes. Entities fill them through their own key builders
 * (`*.entity.ts`); nothing else writes key strings.
 */
export const INDEXES = {
  /** Item collection of a contact (the 360° view) or another parent record. */
  gsi1: { pk: 'gsi1pk', sk: 'gsi1sk' },
  /** Records of an owner (user id). */
  gsi2: { pk: 'gsi2pk', sk: 'gsi2sk' },
  /** Records of an account. */
  gsi3: { pk: 'gsi3pk', sk: 'gsi3sk' },
  /** Records by status or stage. */
  gsi4: { pk: 'gsi4pk', sk: 'gsi4sk' },
  /** Name prefix search. */
  gsi5: { pk: 'gsi5pk', sk: 'gsi5sk' },
  /** Exact look-ups of a natural key (email, domain). */
  gsi6: { pk: 'gsi6pk', sk: 'gsi6sk' },
} as const;

export type IndexName = keyof typeof INDEXES;

export type TableKeys = { pk: string; sk: string } & Partial<
  Record<(typeof INDEXES)[IndexName]['pk'] | (typeof INDEXES)[IndexName]['sk'], string>
>;

/** Every item names its entity, so stream consumers and humans can tell items apart. */
export type StoredItem = TableKeys & { entity: string } & Record<string, unknown>;

/**
 * Folds text for sorting and prefix search in German and English: lower case, umlauts
 * transliterated (ü → ue, ß → ss, so "Müller" and "Mueller" meet), other accents dropped.
 */
export const foldText = (value: string): string =>
  value
    .trim()
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ');

/** Partition for a prefix search: the first folded character spreads names over 36+ partitions. */
export const prefixPartition = (folded: string): string => folded.charAt(0) || '_';
