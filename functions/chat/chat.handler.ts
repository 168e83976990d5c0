import { chatApi } from '#shared/chat/chat.api.ts';
import { chat } from '#shared/chat/chat.service.ts';
import { createHttpHandler } from '#shared/platform/http/http-handler.ts';

/** Lambda entry for /v1/public/chat. */
export const { handle, handler } = createHttpHandler(chatApi, {
  chat: async ({ body, uow }) => ({ body: await chat(body, uow) }),
});
