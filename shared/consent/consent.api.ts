import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { READERS, RECORD_WRITERS } from '#shared/platform/roles.ts';
import {
  confirmReceipt,
  contactIdParams,
  oneClickBody,
  purposeConsentList,
  purposeConsentSchema,
  purposeParams,
  setPurposeConsentBody,
  subscribeBody,
  subscribeReceipt,
  tokenQuery,
  unsubscribeReceipt,
} from './consent.schema.ts';

/** Consent per purpose, double opt-in and the unsubscribe link (docs/consent.md). */
export const consentApi = defineFeatureApi({
  functionName: 'consent',
  operations: {
    subscribeNewsletter: defineOperation({
      method: 'POST',
      path: '/v1/public/newsletter/subscriptions',
      summary:
        'Newsletter sign-up (double opt-in): consent pending, confirmation mail; the answer is the same for every address.',
      tag: 'consent',
      access: { public: true, rateLimited: true },
      body: subscribeBody,
      response: subscribeReceipt,
      status: 202,
    }),
    confirmNewsletter: defineOperation({
      method: 'GET',
      path: '/v1/public/newsletter/confirm',
      summary: 'Confirms a sign-up once (signed link); reused 409, forged 401, expired 404.',
      tag: 'consent',
      access: { public: true, rateLimited: true },
      query: tokenQuery,
      response: confirmReceipt,
      status: 200,
      attempts: 3,
    }),
    showUnsubscribe: defineOperation({
      method: 'GET',
      path: '/v1/public/unsubscribe',
      summary: 'Unsubscribe link: revokes the consent of its purpose, suppresses the address, shows a page.',
      tag: 'consent',
      // Not rate-limited per client: after a campaign, mail providers' few addresses call these
      // links for many recipients; a forged token costs one HMAC and no table access.
      access: { public: true, rateLimited: false },
      query: tokenQuery,
      status: 200,
      attempts: 3,
    }),
    oneClickUnsubscribe: defineOperation({
      method: 'POST',
      path: '/v1/public/unsubscribe',
      summary: 'RFC 8058 one-click unsubscribe (`List-Unsubscribe=One-Click`, form-encoded).',
      tag: 'consent',
      access: { public: true, rateLimited: false },
      query: tokenQuery,
      body: oneClickBody,
      bodyFormat: 'json-or-form',
      response: unsubscribeReceipt,
      status: 200,
      attempts: 3,
    }),
    listPurposeConsents: defineOperation({
      method: 'GET',
      path: '/v1/contacts/{id}/purposes',
      summary: 'The contact’s consents per marketing purpose (newsletter, marketing, product_updates).',
      tag: 'consent',
      access: { roles: READERS },
      params: contactIdParams,
      response: purposeConsentList,
      status: 200,
    }),
    setPurposeConsent: defineOperation({
      method: 'PUT',
      path: '/v1/contacts/{id}/purposes/{purpose}',
      summary: 'Grant, request or revoke consent for one purpose, with source and wording version.',
      tag: 'consent',
      access: { roles: RECORD_WRITERS },
      params: purposeParams,
      body: setPurposeConsentBody,
      response: purposeConsentSchema,
      status: 200,
      attempts: 3,
    }),
  },
});
