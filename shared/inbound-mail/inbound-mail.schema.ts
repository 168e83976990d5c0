import * as z from 'zod';

/** Largest raw mail accepted (SMTP locally, S3 object on AWS): SES receiving's own limit is 40 MB. */
export const MAX_INBOUND_MAIL_BYTES = 25 * 1024 * 1024;

const messageIdSchema = z
  .string()
  .trim()
  .min(3)
  .max(998)
  .transform((value) => (value.startsWith('<') ? value : `<${value}>`));

/** One inbound mail as the use case sees it, whatever brought it (SMTP or SES → S3). */
export const inboundMailSchema = z.strictObject({
  messageId: messageIdSchema,
  from: z.strictObject({
    address: z.string().trim().toLowerCase().min(3).max(320),
    name: z.string().max(200),
  }),
  to: z.array(z.string()),
  subject: z.string().max(998),
  text: z.string(),
  html: z.string().nullable(),
  inReplyTo: messageIdSchema.nullable(),
  references: z.array(messageIdSchema),
  attachments: z.array(
    z.strictObject({ name: z.string(), contentType: z.string(), content: z.instanceof(Buffer) }),
  ),
});
export type InboundMail = z.infer<typeof inboundMailSchema>;

/** What became of one inbound mail. */
export type InboundOutcome =
  | { outcome: 'opened'; ticketId: string }
  | { outcome: 'threaded'; ticketId: string }
  | { outcome: 'duplicate'; ticketId: string | undefined }
  | { outcome: 'rejected'; reason: string };
