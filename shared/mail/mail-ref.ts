/**
 * Which send a marketing mail belongs to. It travels with the mail twice: as SES message tags
 * (EmailTags / ReplacementTags, returned in every SES event on AWS) and as one header (the local
 * SES emulation keeps headers but drops tags). Ids only, never personal data.
 */
export type MailRef = {
  kind: 'campaign' | 'sequence';
  /** The campaign id, or the sequence id. */
  sourceId: string;
  contactId: string;
};

export const MAIL_REF_HEADER = 'X-FrontOffice-Ref';

const TAG = { kind: 'fo-kind', source: 'fo-source', contact: 'fo-contact' } as const;
const ID = /^[0-9A-Za-z_-]{1,64}$/;

/** SES message tags (name and value `[A-Za-z0-9_-]`). */
export const mailRefTags = (ref: MailRef): { Name: string; Value: string }[] => [
  { Name: TAG.kind, Value: ref.kind },
  { Name: TAG.source, Value: ref.sourceId },
  { Name: TAG.contact, Value: ref.contactId },
];

export const mailRefHeader = (ref: MailRef): { Name: string; Value: string } => ({
  Name: MAIL_REF_HEADER,
  Value: `${ref.kind}.${ref.sourceId}.${ref.contactId}`,
});

const checked = (
  kind: string | undefined,
  sourceId: string | undefined,
  contactId: string | undefined,
): MailRef | undefined =>
  (kind === 'campaign' || kind === 'sequence') && ID.test(sourceId ?? '') && ID.test(contactId ?? '')
    ? { kind, sourceId: sourceId as string, contactId: contactId as string }
    : undefined;

/** From an SES event's `mail.tags` (`{ name: [values] }`); undefined when it is not one of ours. */
export const mailRefFromTags = (tags: Record<string, readonly string[] | undefined>): MailRef | undefined =>
  checked(tags[TAG.kind]?.[0], tags[TAG.source]?.[0], tags[TAG.contact]?.[0]);

/** From the header value; undefined when missing or malformed. */
export const mailRefFromHeader = (value: string | undefined): MailRef | undefined => {
  const [kind, sourceId, contactId, ...rest] = (value ?? '').trim().split('.');
  return rest.length === 0 ? checked(kind, sourceId, contactId) : undefined;
};
