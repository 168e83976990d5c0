import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { idParams } from '#shared/platform/http/schemas.ts';
import { READERS, type Role } from '#shared/platform/roles.ts';
import {
  acceptedQuoteSchema,
  createQuoteBody,
  listQuotesQuery,
  quoteDocumentQuery,
  quotePage,
  quoteSchema,
  quoteVersionList,
  quoteVersionParams,
  quoteVersionSchema,
  rejectQuoteBody,
  updateQuoteBody,
} from './quote.schema.ts';

/** Who works on quotes; approving and rejecting is for managers. */
const QUOTE_WRITERS: readonly Role[] = ['admin', 'sales', 'sales_manager'];
const APPROVERS: readonly Role[] = ['admin', 'sales_manager'];

/** The quotes API (PRODUCT.md section 5): draft → submit → (approve | reject) → accept → order. */
export const quotesApi = defineFeatureApi({
  functionName: 'quotes',
  operations: {
    createQuote: defineOperation({
      method: 'POST',
      path: '/v1/quotes',
      summary:
        'Create a draft quote for an opportunity; lines are priced from the price list unless they name a price.',
      tag: 'quotes',
      access: { roles: QUOTE_WRITERS },
      body: createQuoteBody,
      response: quoteSchema,
      status: 201,
      idempotent: true,
    }),
    listQuotes: defineOperation({
      method: 'GET',
      path: '/v1/quotes',
      summary: 'Quotes newest first, by opportunity, contact and/or status.',
      tag: 'quotes',
      access: { roles: READERS },
      query: listQuotesQuery,
      response: quotePage,
      status: 200,
    }),
    getQuote: defineOperation({
      method: 'GET',
      path: '/v1/quotes/{id}',
      summary: 'Get a quote.',
      tag: 'quotes',
      access: { roles: READERS },
      params: idParams,
      response: quoteSchema,
      status: 200,
    }),
    updateQuote: defineOperation({
      method: 'PATCH',
      path: '/v1/quotes/{id}',
      summary: 'Change lines, validity or notes of a draft or rejected quote; honours If-Match.',
      tag: 'quotes',
      access: { roles: QUOTE_WRITERS },
      params: idParams,
      body: updateQuoteBody,
      response: quoteSchema,
      status: 200,
    }),
    submitQuote: defineOperation({
      method: 'POST',
      path: '/v1/quotes/{id}/submit',
      summary:
        'Freeze the quote as a new version; pending_approval when a discount exceeds the quote-approval threshold, else approved.',
      tag: 'quotes',
      access: { roles: QUOTE_WRITERS },
      params: idParams,
      response: quoteSchema,
      status: 200,
      idempotent: true,
    }),
    approveQuote: defineOperation({
      method: 'POST',
      path: '/v1/quotes/{id}/approve',
      summary: 'Approve a quote waiting for approval (sales managers and admins).',
      tag: 'quotes',
      access: { roles: APPROVERS },
      params: idParams,
      response: quoteSchema,
      status: 200,
      idempotent: true,
    }),
    rejectQuote: defineOperation({
      method: 'POST',
      path: '/v1/quotes/{id}/reject',
      summary: 'Reject a quote waiting for approval, with a reason (sales managers and admins).',
      tag: 'quotes',
      access: { roles: APPROVERS },
      params: idParams,
      body: rejectQuoteBody,
      response: quoteSchema,
      status: 200,
      idempotent: true,
    }),
    acceptQuote: defineOperation({
      method: 'POST',
      path: '/v1/quotes/{id}/accept',
      summary:
        'Record the customer’s acceptance of an approved quote: creates the order in the same transaction; again answers the same order.',
      tag: 'quotes',
      access: { roles: QUOTE_WRITERS },
      params: idParams,
      response: acceptedQuoteSchema,
      status: 200,
      idempotent: true,
    }),
    listQuoteVersions: defineOperation({
      method: 'GET',
      path: '/v1/quotes/{id}/versions',
      summary: 'The immutable versions written by each submit, oldest first.',
      tag: 'quotes',
      access: { roles: READERS },
      params: idParams,
      response: quoteVersionList,
      status: 200,
    }),
    getQuoteVersion: defineOperation({
      method: 'GET',
      path: '/v1/quotes/{id}/versions/{n}',
      summary: 'One submitted version of a quote.',
      tag: 'quotes',
      access: { roles: READERS },
      params: quoteVersionParams,
      response: quoteVersionSchema,
      status: 200,
    }),
    getQuoteDocument: defineOperation({
      method: 'GET',
      path: '/v1/quotes/{id}/document',
      summary:
        "The quote as a printable HTML page, in the contact's language (de/en) unless ?lang= says otherwise.",
      tag: 'quotes',
      access: { roles: READERS },
      params: idParams,
      query: quoteDocumentQuery,
      // text/html; the operation contract has no field for a non-JSON response type yet.
      status: 200,
    }),
  },
});
