import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { READERS, type Role } from '#shared/platform/roles.ts';
import {
  articlePage,
  articleParams,
  articleSchema,
  createArticleBody,
  listArticlesQuery,
  publicArticleSchema,
  searchQuery,
  searchResultSchema,
  suggestionsQuery,
  updateArticleBody,
} from './kb.schema.ts';

/** Service agents and admins write the knowledge base. */
const KB_WRITERS: readonly Role[] = ['admin', 'service'];

/**
 * The knowledge base (PRODUCT.md section 5, Service): articles in German and English, drafts for
 * signed-in users only, published articles readable and searchable by anyone (rate-limited).
 */
export const kbApi = defineFeatureApi({
  functionName: 'kb',
  operations: {
    createArticle: defineOperation({
      method: 'POST',
      path: '/v1/kb/articles',
      summary: 'Write an article (draft or published); the slug is derived from the title if not given.',
      tag: 'kb',
      access: { roles: KB_WRITERS },
      body: createArticleBody,
      response: articleSchema,
      status: 201,
      idempotent: true,
    }),
    listArticles: defineOperation({
      method: 'GET',
      path: '/v1/kb/articles',
      summary: 'Articles by status and language, drafts included.',
      tag: 'kb',
      access: { roles: READERS },
      query: listArticlesQuery,
      response: articlePage,
      status: 200,
    }),
    getArticle: defineOperation({
      method: 'GET',
      path: '/v1/kb/articles/{id}',
      summary: 'Get an article, draft or published.',
      tag: 'kb',
      access: { roles: READERS },
      params: articleParams,
      response: articleSchema,
      status: 200,
    }),
    updateArticle: defineOperation({
      method: 'PATCH',
      path: '/v1/kb/articles/{id}',
      summary: 'Change an article; `status: published` publishes it, `draft` withdraws it. Honours If-Match.',
      tag: 'kb',
      access: { roles: KB_WRITERS },
      params: articleParams,
      body: updateArticleBody,
      response: articleSchema,
      status: 200,
    }),
    deleteArticle: defineOperation({
      method: 'DELETE',
      path: '/v1/kb/articles/{id}',
      summary: 'Delete an article. Honours If-Match.',
      tag: 'kb',
      access: { roles: KB_WRITERS },
      params: articleParams,
      status: 204,
    }),
    suggestArticles: defineOperation({
      method: 'GET',
      path: '/v1/kb/suggestions',
      summary: 'Published articles that may answer a text (e.g. a ticket subject and description).',
      tag: 'kb',
      access: { roles: READERS },
      query: suggestionsQuery,
      response: searchResultSchema,
      status: 200,
    }),
    searchArticles: defineOperation({
      method: 'GET',
      path: '/v1/public/kb/search',
      summary: 'Ranked full-text search of the published articles (German compounds and umlauts handled).',
      tag: 'kb',
      access: { public: true, rateLimited: true },
      query: searchQuery,
      response: searchResultSchema,
      status: 200,
    }),
    readPublishedArticle: defineOperation({
      method: 'GET',
      path: '/v1/public/kb/articles/{id}',
      summary: 'Read a published article; drafts answer 404.',
      tag: 'kb',
      access: { public: true, rateLimited: true },
      params: articleParams,
      response: publicArticleSchema,
      status: 200,
    }),
  },
});
