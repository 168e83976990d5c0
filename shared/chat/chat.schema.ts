import * as z from 'zod';
import { emailSchema, type LANGUAGES } from '#shared/contacts/contact.schema.ts';

export const CHAT_STATES = [
  'open',
  'awaiting_order_number',
  'awaiting_email',
  'awaiting_handover_email',
  'handed_over',
] as const;
export type ChatState = (typeof CHAT_STATES)[number];
export type ChatLanguage = (typeof LANGUAGES)[number];

/** Longest customer message the bot takes; a chat line, not a letter. */
export const MAX_MESSAGE_LENGTH = 1000;
/** Transcript entries (customer and bot) one conversation may hold; the item stays far below 400 KB. */
export const MAX_TRANSCRIPT_ENTRIES = 80;

/** 128 random bits, base64url: the conversation id is the only key to a transcript, so it is unguessable. */
export const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'Must be a conversation id.');

export const chatRequestBody = z.strictObject({
  conversationId: conversationIdSchema.optional(),
  message: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
  /** The email the customer ordered with (or may be reached at); also recognised inside the message. */
  email: emailSchema.optional(),
});
export type ChatRequest = z.infer<typeof chatRequestBody>;

export const chatLinkSchema = z.strictObject({ title: z.string(), url: z.string() });
export type ChatLink = z.infer<typeof chatLinkSchema>;

export const chatResponseSchema = z.strictObject({
  conversationId: z.string(),
  reply: z.string(),
  links: z.array(chatLinkSchema).optional(),
  state: z.enum(CHAT_STATES),
  /** Set once the conversation was handed over to an agent. */
  ticketId: z.string().optional(),
  ticketNumber: z.string().optional(),
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

export type TranscriptEntry = { from: 'customer' | 'bot'; text: string; at: string };

/** The conversation as stored (TTL one day after the last message). */
export type Conversation = {
  id: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  language: ChatLanguage;
  state: ChatState;
  /** Turns in a row the bot could not help with; two hand over. */
  failedTurns: number;
  /** Order checks that found nothing; after three the bot stops checking in this conversation. */
  failedOrderChecks: number;
  pendingOrderNumber: string | null;
  email: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  transcript: TranscriptEntry[];
};
