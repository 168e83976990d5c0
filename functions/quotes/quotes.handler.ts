import { createHttpHandler } from '#shared/platform/http/http-handler.ts';
import { quotesApi } from '#shared/quotes/quote.api.ts';
import {
  acceptQuote,
  createQuote,
  decideQuote,
  findQuote,
  findQuoteVersion,
  listQuotes,
  listQuoteVersions,
  quoteDocument,
  submitQuote,
  updateQuote,
} from '#shared/quotes/quote.service.ts';

const one = (quote: { version: number }) => ({ body: quote, version: quote.version });

/** Lambda entry for /v1/quotes. */
export const { handle, handler } = createHttpHandler(quotesApi, {
  createQuote: async ({ body, uow }) => {
    const quote = await createQuote(body, uow);
    return { ...one(quote), headers: { location: `/v1/quotes/${quote.id}` } };
  },
  listQuotes: async ({ query }) => ({ body: await listQuotes(query) }),
  getQuote: async ({ params }) => one(await findQuote(params.id)),
  updateQuote: async ({ params, body, ifMatch, uow }) =>
    one(await updateQuote(params.id, body, ifMatch, uow)),
  submitQuote: async ({ params, ifMatch, uow }) => one(await submitQuote(params.id, ifMatch, uow)),
  approveQuote: async ({ params, ifMatch, uow }) =>
    one(await decideQuote(params.id, { approve: true }, ifMatch, uow)),
  rejectQuote: async ({ params, body, ifMatch, uow }) =>
    one(await decideQuote(params.id, { approve: false, reason: body.reason }, ifMatch, uow)),
  acceptQuote: async ({ params, ifMatch, uow }) => {
    const accepted = await acceptQuote(params.id, ifMatch, uow);
    return {
      body: accepted,
      version: accepted.quote.version,
      headers: { location: `/v1/orders/${accepted.order.id}` },
    };
  },
  listQuoteVersions: async ({ params }) => ({ body: await listQuoteVersions(params.id) }),
  getQuoteVersion: async ({ params }) => ({ body: await findQuoteVersion(params.id, params.n) }),
  getQuoteDocument: async ({ params, query }) => ({
    body: await quoteDocument(params.id, query.lang),
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  }),
});
