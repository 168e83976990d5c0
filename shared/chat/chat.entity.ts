import { epochSeconds } from '#shared/platform/clock.ts';
import type { StoredItem } from '#shared/platform/db/keys.ts';
import { withoutStorageAttributes } from '#shared/platform/db/record.ts';
import type { Conversation } from './chat.schema.ts';

/** Key layout of chat conversations; docs/data-model.md lists the access patterns these keys serve. */
export const CHAT_ENTITY = 'chat-conversation';

/** Conversations expire (DynamoDB TTL) a day after their last message. */
export const CHAT_TTL_SECONDS = 24 * 60 * 60;

export const conversationKey = (id: string) => ({ pk: `CHAT#${id}`, sk: 'CHAT' });

export const conversationItem = (conversation: Conversation): StoredItem => ({
  ...conversationKey(conversation.id),
  entity: CHAT_ENTITY,
  expiresAt: epochSeconds(new Date(conversation.updatedAt)) + CHAT_TTL_SECONDS,
  ...conversation,
});

export const conversationFromItem = (item: Record<string, unknown>): Conversation =>
  withoutStorageAttributes<Conversation>(item);
