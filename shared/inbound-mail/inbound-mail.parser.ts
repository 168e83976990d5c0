import { createHash } from 'node:crypto';
import PostalMime, { type Address } from 'postal-mime';
import { type InboundMail, inboundMailSchema } from './inbound-mail.schema.ts';

/** Group members count as their mailboxes. */
const addresses = (field: readonly Address[] | undefined): string[] =>
  (field ?? [])
    .flatMap((entry) => (entry.group ? entry.group : [entry]))
    .map((mailbox) => mailbox.address ?? '')
    .filter((address) => address.length > 0);

const idList = (value: string | undefined): string[] =>
  (value ? value.split(/\s+/) : []).filter((id) => id.trim().length > 2);

/** Strips the body down to text when a mail has only HTML (agents read text in the ticket). */
const textOfHtml = (html: string): string =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();

const bytesOf = (content: ArrayBuffer | Uint8Array | string): Buffer =>
  typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content as ArrayBuffer);

/**
 * Parses a raw RFC 5322 mail (what the SMTP server received, or the S3 object SES stored) with
 * postal-mime: dependency-free, so the inbound Lambda stays small and starts fast (mailparser's
 * charset tables cost about 60 ms of import time). A mail without a Message-ID gets a stable one
 * derived from its bytes, so the same delivery repeated is still recognised.
 */
export const parseRawMail = async (raw: Buffer): Promise<InboundMail> => {
  const parsed = await PostalMime.parse(raw);
  const from = parsed.from && !parsed.from.group ? parsed.from : parsed.from?.group?.[0];
  const html = parsed.html ?? null;
  const messageId =
    parsed.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@inbound.frontoffice.local>`;
  return inboundMailSchema.parse({
    messageId,
    from: { address: from?.address ?? '', name: from?.name ?? '' },
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    text: (parsed.text ?? (html ? textOfHtml(html) : '')).trim(),
    html,
    inReplyTo: idList(parsed.inReplyTo)[0] ?? null,
    references: idList(parsed.references),
    attachments: parsed.attachments
      .filter((attachment) => attachment.disposition !== 'inline' || attachment.filename)
      .map((attachment, index) => ({
        name: attachment.filename ?? `attachment-${index + 1}`,
        contentType: attachment.mimeType || 'application/octet-stream',
        content: bytesOf(attachment.content),
      })),
  });
};
