import type { Column } from './export-columns.ts';
import { rowOf } from './export-columns.ts';
import type { ExportRequest } from './export-resources.ts';
import type { ExportSink } from './export-sinks.ts';

/** One page of a list endpoint. */
export type ListPage = { items: unknown[]; nextCursor: string | null };

/** Reads the page after `cursor` (the first page without one). */
export type PageFetcher = (cursor: string | undefined) => Promise<ListPage>;

/** The list API said no: the message carries its problem+json title and detail. */
export class ExportApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ExportApiError';
    this.status = status;
  }
}

const problemText = async (response: Response): Promise<string> => {
  try {
    const problem = (await response.json()) as { title?: string; detail?: string };
    return [problem.title, problem.detail].filter(Boolean).join(': ') || response.statusText;
  } catch {
    return response.statusText;
  }
};

/**
 * Pages through a list endpoint over HTTP with a bearer token: the running local API or the
 * deployed API Gateway, the same requests either way (and the same role checks).
 */
export const httpPageFetcher = (options: {
  baseUrl: string;
  token: string;
  request: ExportRequest;
  fetch?: typeof fetch;
}): PageFetcher => {
  const send = options.fetch ?? fetch;
  return async (cursor) => {
    const query = new URLSearchParams(options.request.query);
    if (cursor) query.set('cursor', cursor);
    const url = new URL(`${options.request.path}?${query}`, options.baseUrl);
    let response: Response;
    try {
      response = await send(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ExportApiError(0, `${options.request.path}: no answer from ${url.origin} (${cause})`);
    }
    if (response.status !== 200) {
      throw new ExportApiError(
        response.status,
        `${options.request.path} answered ${response.status}: ${await problemText(response)}`,
      );
    }
    const page = (await response.json()) as Partial<ListPage>;
    if (!Array.isArray(page.items)) {
      throw new ExportApiError(
        response.status,
        `${options.request.path} did not answer with a page of items.`,
      );
    }
    return { items: page.items, nextCursor: typeof page.nextCursor === 'string' ? page.nextCursor : null };
  };
};

export type ExportProgress = (rows: number, pages: number) => void;

export type ExportSummary = { rows: number; pages: number; truncatedCells: number };

/**
 * Pages through the list and writes each page's rows as soon as it arrives: at most two pages are
 * in memory (the one being written and the next one already requested), whatever the total.
 */
export const runExport = async (options: {
  fetchPage: PageFetcher;
  columns: readonly Column[];
  sink: ExportSink;
  progress?: ExportProgress;
}): Promise<ExportSummary> => {
  let rows = 0;
  let pages = 0;
  let next: Promise<ListPage> | undefined = options.fetchPage(undefined);
  while (next) {
    const page: ListPage = await next;
    pages++;
    // The next request runs while this page is written.
    next = page.nextCursor ? options.fetchPage(page.nextCursor) : undefined;
    // A failed prefetch is reported when it is awaited, not as an unhandled rejection meanwhile.
    next?.catch(() => undefined);
    await options.sink.writeRows(page.items.map((item) => rowOf(options.columns, item)));
    rows += page.items.length;
    options.progress?.(rows, pages);
  }
  const { truncatedCells } = await options.sink.finish();
  return { rows, pages, truncatedCells };
};
