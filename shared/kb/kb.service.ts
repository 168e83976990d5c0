import { nowIso } from '#shared/platform/clock.ts';
import { foldText } from '#shared/platform/db/keys.ts';
import { assertVersion, newRecordMeta, planUpdate, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict, notFound } from '#shared/platform/errors.ts';
import {
  articleFromItem,
  articleItem,
  articleKey,
  articleListQuery,
  bumpKbVersion,
  kbVersionKey,
} from './kb.entity.ts';
import type {
  Article,
  CreateArticleInput,
  ListArticlesQuery,
  PublicArticle,
  UpdateArticleInput,
} from './kb.schema.ts';

/** A URL-safe slug of a title: "Rücksendung & Umtausch" → "ruecksendung-umtausch". */
export const slugOf = (title: string): string =>
  foldText(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '') || 'article';

/**
 * The search index is rebuilt when this counter moves: every write that changes what a published
 * article looks like (or whether it is published) bumps it in the same transaction.
 */
const touchesPublished = (before: Article | undefined, after: Article | undefined): boolean =>
  before?.status === 'published' || after?.status === 'published';

const bumpIfPublished = (uow: UnitOfWork, before: Article | undefined, after: Article | undefined): void => {
  if (!touchesPublished(before, after)) return;
  uow.update(kbVersionKey(), bumpKbVersion, () => new AppError('conflict', 'Unexpected condition failure.'));
};

export const createArticle = (input: CreateArticleInput, uow: UnitOfWork): Article => {
  const meta = newRecordMeta();
  const article: Article = {
    ...meta,
    ...input,
    slug: input.slug ?? slugOf(input.title),
    updatedBy: uow.actor.id,
    publishedAt: input.status === 'published' ? meta.createdAt : null,
  };
  uow.create(articleItem(article), () => conflict('Id collision; retry.'));
  bumpIfPublished(uow, undefined, article);
  return article;
};

export const findArticle = (id: string): Promise<Article> =>
  findRecord(articleKey(id), articleFromItem, 'Article', id);

/** A published article as customers read it; drafts do not exist for them. */
export const findPublishedArticle = async (id: string): Promise<PublicArticle> => {
  const article = await findArticle(id);
  if (article.status !== 'published') throw notFound('Article', id);
  const { title, body, language, tags, slug, category, updatedAt, publishedAt } = article;
  return { id, title, body, language, tags, slug, category, updatedAt, publishedAt };
};

export const updateArticle = async (
  id: string,
  patch: UpdateArticleInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Article> => {
  const current = await findArticle(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  const next: Article = {
    ...plan.next,
    updatedBy: uow.actor.id,
    publishedAt: plan.next.status === 'published' ? (current.publishedAt ?? nowIso()) : null,
  };
  uow.replace(articleItem(next), current.version, staleVersion('article', current.version));
  bumpIfPublished(uow, current, next);
  return next;
};

export const deleteArticle = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findArticle(id);
  assertVersion(current, ifMatch);
  uow.remove(articleKey(id), staleVersion('article', current.version), current.version);
  bumpIfPublished(uow, current, undefined);
};

export const listArticles = async (
  query: ListArticlesQuery,
): Promise<{ items: Article[]; nextCursor: string | null }> => {
  const page = await queryPage(articleListQuery(query));
  return { items: page.items.map(articleFromItem), nextCursor: page.nextCursor };
};
