import { kbApi } from '#shared/kb/kb.api.ts';
import {
  createArticle,
  deleteArticle,
  findArticle,
  findPublishedArticle,
  listArticles,
  updateArticle,
} from '#shared/kb/kb.service.ts';
import { searchArticles, suggestArticles } from '#shared/kb/kb-search.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/kb and /v1/public/kb: the search index lives in this function's memory. */
export const { handle, handler } = createHttpHandler(kbApi, {
  createArticle: async ({ body, uow }) => {
    const article = createArticle(body, uow);
    return {
      body: article,
      version: article.version,
      headers: { location: `/v1/kb/articles/${article.id}` },
    };
  },
  listArticles: async ({ query }) => ({ body: await listArticles(query) }),
  getArticle: async ({ params }) => {
    const article = await findArticle(params.id);
    return { body: article, version: article.version };
  },
  updateArticle: async ({ params, body, ifMatch, uow }) => {
    const article = await updateArticle(params.id, body, ifMatch, uow);
    return { body: article, version: article.version };
  },
  deleteArticle: async ({ params, ifMatch, uow }) => {
    await deleteArticle(params.id, ifMatch, uow);
    return {};
  },
  suggestArticles: async ({ query }) => ({
    body: { items: await suggestArticles(query.text, query.language, query.limit) },
  }),
  searchArticles: async ({ query }) => ({
    body: { items: await searchArticles(query.q, { language: query.language, limit: query.limit }) },
  }),
  readPublishedArticle: async ({ params }) => ({ body: await findPublishedArticle(params.id) }),
});
