import type { StoredItem } from '#shared/platform/db/keys.ts';
import { sparseKey, withoutStorageAttributes } from '#shared/platform/db/record.ts';
import { nextSequence } from '#shared/platform/db/sequence.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { ListQuotesQuery, Quote, QuoteVersion } from './quote.schema.ts';

/** Key layout of quotes; docs/data-model.md lists the access patterns these keys serve. */
export const QUOTE_ENTITY = 'quote';
export const QUOTE_VERSION_ENTITY = 'quote-version';

export const quoteKey = (id: string) => ({ pk: `QUOTE#${id}`, sk: 'QUOTE' });

/** Zero-padded, so the versions of a quote sort by number: VERSION#0001, VERSION#0002 … */
export const quoteVersionKey = (quoteId: string, revision: number) => ({
  pk: `QUOTE#${quoteId}`,
  sk: `VERSION#${String(revision).padStart(4, '0')}`,
});

const counterKey = (year: number) => ({ pk: `COUNTER#QUOTE#${year}`, sk: 'COUNTER' });

export const quoteItem = (quote: Quote): StoredItem => {
  const sk = `QUOTE#${quote.id}`;
  return {
    ...quoteKey(quote.id),
    entity: QUOTE_ENTITY,
    // The contact's collection (the 360° view), the owner's and the account's records.
    ...sparseKey('gsi1pk', 'gsi1sk', quote.contactId ? `CONTACT#${quote.contactId}` : undefined, sk),
    ...sparseKey('gsi2pk', 'gsi2sk', quote.ownerId ? `OWNER#${quote.ownerId}` : undefined, sk),
    ...sparseKey('gsi3pk', 'gsi3sk', quote.accountId ? `ACCOUNT#${quote.accountId}` : undefined, sk),
    // By status (the approval inbox: STATUS#pending_approval#).
    gsi4pk: 'QUOTES',
    gsi4sk: `STATUS#${quote.status}#${quote.id}`,
    // The quotes of an opportunity: an exact look-up by the opportunity id.
    gsi6pk: `QUOTE_OPPORTUNITY#${quote.opportunityId}`,
    gsi6sk: sk,
    ...quote,
  };
};

export const quoteFromItem = (item: Record<string, unknown>): Quote => withoutStorageAttributes<Quote>(item);

/** A submitted version: written once with attribute_not_exists and never replaced. */
export const quoteVersionItem = (version: QuoteVersion): StoredItem => ({
  ...quoteVersionKey(version.quoteId, version.revision),
  entity: QUOTE_VERSION_ENTITY,
  ...version,
});

export const quoteVersionFromItem = (item: Record<string, unknown>): QuoteVersion =>
  withoutStorageAttributes<QuoteVersion>(item);

/** Newest first, by opportunity, contact or status; a second filter narrows the result. */
export const quoteListQuery = (query: ListQuotesQuery): QuerySpec => {
  const page = { limit: query.limit, cursor: query.cursor, descending: true };
  if (query.opportunityId) {
    return {
      index: 'gsi6',
      pk: `QUOTE_OPPORTUNITY#${query.opportunityId}`,
      skPrefix: 'QUOTE#',
      ...page,
      filter: { contactId: query.contactId, status: query.status },
    };
  }
  if (query.contactId) {
    return {
      index: 'gsi1',
      pk: `CONTACT#${query.contactId}`,
      skPrefix: 'QUOTE#',
      ...page,
      filter: { status: query.status },
    };
  }
  return {
    index: 'gsi4',
    pk: 'QUOTES',
    skPrefix: query.status ? `STATUS#${query.status}#` : 'STATUS#',
    ...page,
  };
};

/** Every version of a quote, oldest first (a quote has a handful). */
export const quoteVersionsQuery = (quoteId: string): QuerySpec => ({
  pk: `QUOTE#${quoteId}`,
  skPrefix: 'VERSION#',
  limit: 200,
});

/** The next quote number's sequence within a year (one counter per year). */
export const nextQuoteSequence = (year: number): Promise<number> => nextSequence(counterKey(year));
