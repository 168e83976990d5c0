import { createHash } from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';
import { type InboundMail, inboundMailSchema } from './inbound-mail.schema.ts';

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : [])
    .flatMap((group) => group.value)
    .map((entry) => entry.address ?? '')
    .filter((address) => address.length > 0);

const idList = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).filter((id) => id.trim().length > 2);

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

/**
 * Parses a raw RFC 5322 mail (what the SMTP server received, or the S3 object SES stored) with
 * mailparser. A mail without a Message-ID gets a stable one derived from its bytes, so the same
 * delivery repeated is still recognised.
 */
export const parseRawMail = async (raw: Buffer): Promise<InboundMail> => {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  const from = (Array.isArray(parsed.from) ? parsed.from[0] : parsed.from)?.value[0];
  const html = typeof parsed.html === 'string' ? parsed.html : null;
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
      .filter((attachment) => attachment.contentDisposition !== 'inline' || attachment.filename)
      .map((attachment, index) => ({
        name: attachment.filename ?? `attachment-${index + 1}`,
        contentType: attachment.contentType || 'application/octet-stream',
        content: attachment.content,
      })),
  });
};
