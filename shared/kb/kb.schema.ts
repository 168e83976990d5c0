import * as z from 'zod';
import { LANGUAGES } from '#shared/contacts/contact.schema.ts';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  pageOf,
  patchOf,
  recordMeta,
} from '#shared/platform/http/schemas.ts';

export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export type ArticleLanguage = (typeof LANGUAGES)[number];

const title = z.string().trim().min(1).max(200);
/** Article bodies are plain text or Markdown; 50,000 characters keep an item far below 400 KB. */
const body = z.string().trim().min(1).max(50_000);
const tag = z.string().trim().min(1).max(60);
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Must be a slug such as installationsanleitung-box.')
  .max(120);
const category = z.string().trim().min(1).max(100);

export const articleSchema = z.strictObject({
  ...recordMeta,
  title: z.string(),
  body: z.string(),
  language: z.enum(LANGUAGES),
  status: z.enum(ARTICLE_STATUSES),
  tags: z.array(z.string()),
  slug: z.string(),
  category: z.string().nullable(),
  /** The user who last changed it. */
  updatedBy: z.string(),
  publishedAt: z.iso.datetime().nullable(),
});
export type Article = z.infer<typeof articleSchema>;

export const createArticleBody = z.strictObject({
  title,
  body,
  language: z.enum(LANGUAGES).default('de'),
  status: z.enum(ARTICLE_STATUSES).default('draft'),
  tags: z.array(tag).max(30).default([]),
  /** Derived from the title when not given. */
  slug: slugSchema.optional(),
  category: category.nullable().default(null),
});
export type CreateArticleInput = z.infer<typeof createArticleBody>;

export const updateArticleBody = patchOf({
  title,
  body,
  language: z.enum(LANGUAGES),
  status: z.enum(ARTICLE_STATUSES),
  tags: z.array(tag).max(30),
  slug: slugSchema,
  category: category.nullable(),
});
export type UpdateArticleInput = z.infer<typeof updateArticleBody>;

export const listArticlesQuery = z.strictObject({
  status: z.enum(ARTICLE_STATUSES).optional(),
  language: z.enum(LANGUAGES).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListArticlesQuery = z.infer<typeof listArticlesQuery>;

export const articlePage = pageOf(articleSchema);
export const articleParams = z.strictObject({ id: idSchema });

/** Public reading of a published article: no author, no draft fields. */
export const publicArticleSchema = articleSchema.pick({
  id: true,
  title: true,
  body: true,
  language: true,
  tags: true,
  slug: true,
  category: true,
  updatedAt: true,
  publishedAt: true,
});
export type PublicArticle = z.infer<typeof publicArticleSchema>;

/** Search and suggestions: the query text is capped, the language optional. */
export const searchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  language: z.enum(LANGUAGES).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export const suggestionsQuery = z.strictObject({
  text: z.string().trim().min(1).max(2000),
  language: z.enum(LANGUAGES).optional(),
  limit: z.coerce.number().int().min(1).max(20).default(5),
});

export const searchHitSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  language: z.enum(LANGUAGES),
  /** About two dozen words of the body, HTML-escaped, the matched words in `<mark>…</mark>`. */
  snippet: z.string(),
  /** BM25F relevance; comparable within one answer only. */
  score: z.number(),
  /** Where the customer reads the article (`GET /v1/public/kb/articles/{id}`). */
  url: z.string(),
});
export type ArticleHit = z.infer<typeof searchHitSchema>;
export const searchResultSchema = z.strictObject({ items: z.array(searchHitSchema) });
