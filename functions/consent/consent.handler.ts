import { consentApi } from '#shared/consent/consent.api.ts';
import {
  confirmSubscription,
  listPurposeConsents,
  setPurposeConsent,
  subscribe,
  unsubscribe,
} from '#shared/consent/consent.service.ts';
import { unsubscribePage } from '#shared/consent/newsletter-mail.template.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

const NO_STORE = { 'cache-control': 'no-store' };

/** Lambda entry for consent: double opt-in, unsubscribe links, consents per purpose. */
export const { handle, handler } = createHttpHandler(consentApi, {
  subscribeNewsletter: async ({ body, sourceIp, uow }) => {
    await subscribe(body, sourceIp, uow);
    return { body: { status: 'confirmation_requested' } };
  },
  confirmNewsletter: async ({ query, sourceIp, uow }) => {
    const { purpose } = await confirmSubscription(query.token, sourceIp, uow);
    return { body: { status: 'confirmed', purpose }, headers: NO_STORE };
  },
  showUnsubscribe: async ({ query, uow }) => {
    const { language } = await unsubscribe(query.token, uow);
    return {
      body: unsubscribePage(language),
      headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE },
    };
  },
  oneClickUnsubscribe: async ({ query, uow }) => {
    const { purpose } = await unsubscribe(query.token, uow);
    return { body: { status: 'unsubscribed', purpose }, headers: NO_STORE };
  },
  listPurposeConsents: async ({ params }) => ({ body: { items: await listPurposeConsents(params.id) } }),
  setPurposeConsent: async ({ params, body, ifMatch, uow }) => {
    const consent = await setPurposeConsent(params.id, params.purpose, body, ifMatch, uow);
    return { body: consent, version: consent.version };
  },
});
