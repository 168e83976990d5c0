import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { QuerySpec } from '#shared/platform/db/table.ts';
import type { Article, ListArticlesQuery } from './kb.schema.ts';

/** Key layout of the knowledge base; docs/data-model.md lists the access patterns these keys serve. */
export const ARTICLE_ENTITY = 'kb-article';
export const KB_VERSION_ENTITY = 'kb-version';

export const articleKey = (id: string) => ({ pk: `KB_ARTICLE#${id}`, sk: 'KB_ARTICLE' });

/** One counter item, bumped in the transaction of every change to the set of published articles. */
export const kbVersionKey = () => ({ pk: 'KB_VERSION', sk: 'KB_VERSION' });

export const KB_ARTICLES_PARTITION = 'KB_ARTICLES';

export const articleItem = (article: Article): StoredItem => ({
  ...articleKey(article.id),
  entity: ARTICLE_ENTITY,
  // All articles in one partition, by status and language: the search index reads the published ones.
  gsi4pk: KB_ARTICLES_PARTITION,
  gsi4sk: `STATUS#${article.status}#LANG#${article.language}#${article.id}`,
  ...article,
});

export const articleFromItem = (item: Record<string, unknown>): Article =>
  withoutStorageAttributes<Article>(item);

/** By status (and language) as key prefixes; language alone as a filter. */
export const articleListQuery = (query: ListArticlesQuery): QuerySpec => {
  const page = {
    index: 'gsi4' as const,
    pk: KB_ARTICLES_PARTITION,
    limit: query.limit,
    cursor: query.cursor,
  };
  if (query.status) {
    return {
      ...page,
      skPrefix: `STATUS#${query.status}#${query.language ? `LANG#${query.language}#` : ''}`,
    };
  }
  return { ...page, skPrefix: 'STATUS#', filter: { language: query.language } };
};

/** One page of the published articles, for building the search index. */
export const publishedArticlesQuery = (cursor: string | undefined): QuerySpec => ({
  index: 'gsi4',
  pk: KB_ARTICLES_PARTITION,
  skPrefix: 'STATUS#published#',
  limit: 1000,
  cursor,
});

/** Adds 1 to the knowledge base version (creating the counter on first use). */
export const bumpKbVersion = {
  UpdateExpression: 'ADD #counter :one SET #entity = :entity',
  ExpressionAttributeNames: { '#counter': 'counter', '#entity': 'entity' },
  ExpressionAttributeValues: { ':one': 1, ':entity': KB_VERSION_ENTITY },
};
