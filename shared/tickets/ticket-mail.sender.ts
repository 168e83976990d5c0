import { sendMail } from '#shared/mail/mailer.ts';
import type { RenderedMail } from '#shared/mail/order-confirmation.template.ts';
import { env } from '#shared/platform/env.ts';

/** A ticket mail: rendered content plus the threading headers of the conversation. */
export type ThreadedMail = RenderedMail & {
  to: string;
  /** Message-ID this mail answers (the customer's last mail). */
  inReplyTo?: string | null | undefined;
  references?: readonly string[];
};

/**
 * The Message-ID header SES gives a mail it sends: `<MessageId@<region>.amazonses.com>` (SES
 * replaces any Message-ID the sender sets). `SES_MESSAGE_ID_DOMAIN` overrides the domain
 * (`email.amazonses.com` in us-east-1).
 */
export const sesMessageIdHeader = (sesMessageId: string, source: NodeJS.ProcessEnv = process.env): string =>
  `<${sesMessageId}@${source.SES_MESSAGE_ID_DOMAIN?.trim() || `${env.region}.amazonses.com`}>`;

/** Sends one ticket mail through SES v2 with In-Reply-To/References; returns its Message-ID header. */
export const sendThreadedMail = async (mail: ThreadedMail): Promise<string> => {
  const references = [...(mail.references ?? []), ...(mail.inReplyTo ? [mail.inReplyTo] : [])];
  const headers = [
    ...(mail.inReplyTo ? [{ Name: 'In-Reply-To', Value: mail.inReplyTo }] : []),
    ...(references.length > 0 ? [{ Name: 'References', Value: [...new Set(references)].join(' ') }] : []),
  ];
  const messageId = await sendMail({
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    headers,
  });
  if (!messageId) throw new Error('SES returned no MessageId.');
  return sesMessageIdHeader(messageId);
};
