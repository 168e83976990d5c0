import { getItem, queryAll } from '#shared/platform/db/table.ts';
import { logger } from '#shared/platform/logger.ts';
import { articleFromItem, kbVersionKey, publishedArticlesQuery } from './kb.entity.ts';
import type { ArticleHit, ArticleLanguage } from './kb.schema.ts';
import { KbSearchIndex, type SearchableArticle } from './kb-search-index.ts';

/** Where customers read an article; the chatbot links here too. */
export const articleUrl = (id: string): string => `/v1/public/kb/articles/${id}`;

type Cached = { version: number; index: KbSearchIndex };

// One index per warm function instance; `building` lets concurrent requests share one rebuild.
let cached: Cached | undefined;
let building: Promise<Cached> | undefined;

const readVersion = async (): Promise<number> => Number((await getItem(kbVersionKey()))?.counter ?? 0);

/** Every published article, one Query of the KB partition page by page (never a Scan). */
const loadPublished = async (): Promise<SearchableArticle[]> => {
  const items = await queryAll(publishedArticlesQuery);
  return items.map((item) => {
    const { id, title, body, language, tags } = articleFromItem(item);
    return { id, title, body, language, tags };
  });
};

const rebuild = async (version: number): Promise<Cached> => {
  // The version is read before the articles: a publish in between makes the next request rebuild
  // again, never leaves newer articles labelled with an older version unnoticed.
  const started = performance.now();
  const index = KbSearchIndex.build(await loadPublished());
  logger.info('KB search index built', {
    version,
    articles: index.size,
    terms: index.termCount,
    ms: Math.round(performance.now() - started),
  });
  return { version, index };
};

/**
 * The search index of the published articles: one GetItem of the version counter per call, a
 * rebuild only when the counter moved since the index in memory was built.
 */
export const currentIndex = async (): Promise<KbSearchIndex> => {
  const version = await readVersion();
  if (cached?.version === version) return cached.index;
  // A build already running serves this call too; if it is for an older version, the next call rebuilds.
  building ??= rebuild(version).finally(() => {
    building = undefined;
  });
  const fresh = await building;
  if (!cached || fresh.version >= cached.version) cached = fresh;
  return fresh.index;
};

/** Drops the index in memory (tests and benchmarks). */
export const forgetSearchIndex = (): void => {
  cached = undefined;
  building = undefined;
};

/** Ranked published articles for a customer's query (`GET /v1/public/kb/search`). */
export const searchArticles = async (
  q: string,
  options: { language?: ArticleLanguage | undefined; limit: number },
): Promise<ArticleHit[]> => {
  const index = await currentIndex();
  return index
    .search(q, options)
    .map(({ language, ...hit }) => ({ ...hit, language, url: articleUrl(hit.id) }));
};

/**
 * Articles that may answer a ticket or a chat message: the subject and description searched as
 * one query. The ticket service calls this when a ticket is created; agents see it through
 * `GET /v1/kb/suggestions`. Never throws for an empty or stop-word-only text: it finds nothing.
 */
export const suggestArticles = async (
  text: string,
  language: ArticleLanguage | undefined,
  limit = 5,
): Promise<ArticleHit[]> => searchArticles(text.slice(0, 2000), { language, limit });
