import { analyze, CompoundSplitter, isStopWord, queryTerms, stem, words } from './kb-text.ts';

/** What the index keeps of a published article: enough to rank, filter and build a snippet. */
export type SearchableArticle = {
  id: string;
  title: string;
  body: string;
  language: 'de' | 'en';
  tags: string[];
};

export type SearchHit = { id: string; title: string; language: 'de' | 'en'; snippet: string; score: number };

type Field = 'title' | 'tags' | 'body';
const FIELDS: readonly Field[] = ['title', 'tags', 'body'];
/** BM25F: a title word counts three times a body word, a tag twice. */
const BOOST: Record<Field, number> = { title: 3, tags: 2, body: 1 };
const K1 = 1.2;
const B = 0.75;
/** Query-side expansion weights: an exact stem beats a longer word it begins or ends. */
const PREFIX_WEIGHT = 0.8;
const SUFFIX_WEIGHT = 0.7;
const MIN_EXPANSION_LENGTH = 4;
const MAX_EXPANSIONS = 64;
const SNIPPET_WORDS = 24;

type Postings = { docs: Uint32Array; weights: Float32Array };

const lowerBound = (sorted: readonly string[], value: string): number => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < value) low = mid + 1;
    else high = mid;
  }
  return low;
};

const reverse = (value: string): string => [...value].reverse().join('');

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An in-memory BM25F index over the published articles (title, tags, body), built in one pass.
 * Compounds are split on known parts when indexing; query terms also match index terms they begin
 * ("Rücksende…" → "ruecksendung") or end ("Sendung" → "ruecksendung"), found by binary search in the
 * sorted vocabulary and in the sorted reversed vocabulary. Why not a library: docs/kb-search.md.
 */
export class KbSearchIndex {
  readonly size: number;
  readonly termCount: number;
  private readonly articles: SearchableArticle[];
  private readonly postings: Map<string, Postings>;
  private readonly sortedTerms: string[];
  private readonly reversedTerms: string[];
  private readonly splitter: CompoundSplitter;

  private constructor(
    articles: SearchableArticle[],
    postings: Map<string, Postings>,
    splitter: CompoundSplitter,
  ) {
    this.articles = articles;
    this.postings = postings;
    this.splitter = splitter;
    this.size = articles.length;
    this.sortedTerms = [...postings.keys()].sort();
    this.reversedTerms = this.sortedTerms.map(reverse).sort();
    this.termCount = this.sortedTerms.length;
  }

  static build(articles: readonly SearchableArticle[]): KbSearchIndex {
    const docs = [...articles];
    const corpus = new Set<string>();
    for (const article of docs)
      for (const { word } of words(`${article.title} ${article.body}`)) corpus.add(word);
    const splitter = new CompoundSplitter(corpus);

    const fieldText = (article: SearchableArticle, field: Field): string =>
      field === 'tags' ? article.tags.join(' ') : article[field];
    const analyzed = docs.map((article) =>
      FIELDS.map((field) => analyze(fieldText(article, field), splitter)),
    );
    const average = FIELDS.map(
      (_, f) =>
        analyzed.reduce((sum, fields) => sum + (fields[f]?.length ?? 0), 0) / Math.max(docs.length, 1) || 1,
    );

    const building = new Map<string, { docs: number[]; weights: number[] }>();
    analyzed.forEach((fields, doc) => {
      const weights = new Map<string, number>();
      fields.forEach((terms, f) => {
        const field = FIELDS[f] as Field;
        const norm = 1 - B + (B * terms.length) / (average[f] as number);
        const counts = new Map<string, number>();
        for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
        for (const [term, count] of counts) {
          weights.set(term, (weights.get(term) ?? 0) + (BOOST[field] * count) / norm);
        }
      });
      for (const [term, weight] of weights) {
        let entry = building.get(term);
        if (!entry) {
          entry = { docs: [], weights: [] };
          building.set(term, entry);
        }
        entry.docs.push(doc);
        entry.weights.push(weight);
      }
    });

    const postings = new Map<string, Postings>();
    for (const [term, entry] of building) {
      postings.set(term, { docs: Uint32Array.from(entry.docs), weights: Float32Array.from(entry.weights) });
    }
    return new KbSearchIndex(docs, postings, splitter);
  }

  /** Ranked published articles for a query, best first; an empty query finds nothing. */
  search(query: string, options: { language?: 'de' | 'en' | undefined; limit: number }): SearchHit[] {
    const scores = new Map<number, number>();
    const matched = new Map<number, Set<string>>();
    for (const queryTerm of queryTerms(query)) {
      // Per query term, a document scores with its best matching index term, not the sum of all;
      // every index term it matched is marked in the snippet.
      const best = new Map<number, number>();
      for (const [term, weight] of this.expand(queryTerm)) {
        const postings = this.postings.get(term);
        if (!postings) continue;
        const idf = Math.log(1 + (this.size - postings.docs.length + 0.5) / (postings.docs.length + 0.5));
        for (let i = 0; i < postings.docs.length; i += 1) {
          const doc = postings.docs[i] as number;
          if (options.language && this.articles[doc]?.language !== options.language) continue;
          const tf = postings.weights[i] as number;
          const score = weight * idf * ((tf * (K1 + 1)) / (tf + K1));
          best.set(doc, Math.max(score, best.get(doc) ?? 0));
          let terms = matched.get(doc);
          if (!terms) {
            terms = new Set();
            matched.set(doc, terms);
          }
          terms.add(term);
        }
      }
      for (const [doc, score] of best) scores.set(doc, (scores.get(doc) ?? 0) + score);
    }
    return [...scores.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.limit)
      .map(([doc, score]) => {
        const article = this.articles[doc] as SearchableArticle;
        return {
          id: article.id,
          title: article.title,
          language: article.language,
          snippet: this.snippet(article.body, matched.get(doc) ?? new Set()),
          score: Math.round(score * 1000) / 1000,
        };
      });
  }

  /** The index terms a query term stands for, with their weight. */
  private expand(queryTerm: string): Map<string, number> {
    const out = new Map<string, number>();
    if (this.postings.has(queryTerm)) out.set(queryTerm, 1);
    if (queryTerm.length < MIN_EXPANSION_LENGTH) return out;
    for (let i = lowerBound(this.sortedTerms, queryTerm), n = 0; n < MAX_EXPANSIONS; i += 1, n += 1) {
      const term = this.sortedTerms[i];
      if (term === undefined || !term.startsWith(queryTerm)) break;
      if (!out.has(term)) out.set(term, PREFIX_WEIGHT);
    }
    const reversed = reverse(queryTerm);
    for (let i = lowerBound(this.reversedTerms, reversed), n = 0; n < MAX_EXPANSIONS; i += 1, n += 1) {
      const term = this.reversedTerms[i];
      if (term === undefined || !term.startsWith(reversed)) break;
      const forward = reverse(term);
      if (!out.has(forward)) out.set(forward, SUFFIX_WEIGHT);
    }
    return out;
  }

  /** About two dozen words of the body around the densest run of matches, matches in `<mark>`. */
  private snippet(body: string, matchedTerms: Set<string>): string {
    const tokens = words(body);
    const isMatch = tokens.map(({ word }) => {
      if (word.length < 2 || isStopWord(word)) return false;
      if (matchedTerms.has(stem(word))) return true;
      return this.splitter.split(word).some((part) => matchedTerms.has(stem(part)));
    });
    let bestStart = 0;
    let bestCount = 0;
    let count = 0;
    for (let i = 0; i < tokens.length; i += 1) {
      if (isMatch[i]) count += 1;
      if (i >= SNIPPET_WORDS && isMatch[i - SNIPPET_WORDS]) count -= 1;
      if (count > bestCount) {
        bestCount = count;
        bestStart = Math.max(0, i - SNIPPET_WORDS + 1);
      }
    }
    // Start a few words before the first match of the window, so it reads in context.
    const firstMatch = isMatch.indexOf(true, bestStart);
    const start = bestCount > 0 ? Math.max(0, Math.min(bestStart, firstMatch - 4)) : 0;
    const end = Math.min(tokens.length, start + SNIPPET_WORDS);
    if (tokens.length === 0) return '';
    let out = start > 0 ? '…' : '';
    let cursor = (tokens[start] as { start: number }).start;
    for (let i = start; i < end; i += 1) {
      const token = tokens[i] as { start: number; end: number };
      out += escapeHtml(body.slice(cursor, token.start).replace(/\s+/g, ' '));
      const text = escapeHtml(body.slice(token.start, token.end));
      out += isMatch[i] ? `<mark>${text}</mark>` : text;
      cursor = token.end;
    }
    return end < tokens.length ? `${out}…` : out;
  }
}
