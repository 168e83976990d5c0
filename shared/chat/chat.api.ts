import { defineFeatureApi, defineOperation } from '#shared/platform/http/operation.ts';
import { chatRequestBody, chatResponseSchema } from './chat.schema.ts';

/** The public chatbot (PRODUCT.md section 5, Service): no token, rate-limited per client. */
export const chatApi = defineFeatureApi({
  functionName: 'chat',
  operations: {
    chat: defineOperation({
      method: 'POST',
      path: '/v1/public/chat',
      summary:
        'One message to the assistant: order status (number and email verified), answers from the knowledge base, hand-over to an agent as a ticket.',
      tag: 'chat',
      access: { public: true, rateLimited: true },
      body: chatRequestBody,
      response: chatResponseSchema,
      status: 200,
    }),
  },
});
