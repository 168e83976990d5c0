import type { Language } from '#shared/contacts/contact.schema.ts';

/**
 * The personalisation fields a template may use, and nothing else (docs/templates.md). Every
 * template is checked against this list on save, so a typo fails at authoring time, not silently
 * as an empty string in 10,000 mails.
 */
export const TEMPLATE_FIELDS = [
  'contact.firstName',
  'contact.lastName',
  'contact.salutation',
  'account.name',
  'unsubscribeUrl',
  'campaign.name',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

/**
 * Fields the HTML part may print unescaped (`{{{…}}}`): values the server builds itself, never
 * text a person typed. Everything else is HTML-escaped.
 */
export const RAW_SAFE_FIELDS: readonly TemplateField[] = ['unsubscribeUrl'];

/** Block helpers a template may use, with exactly one known field as their condition. */
export const TEMPLATE_BLOCK_HELPERS = ['if', 'unless'] as const;

/** What a template is rendered with: the fixed context of TEMPLATE_FIELDS. */
export type TemplateContext = {
  contact: { firstName: string; lastName: string; salutation: string };
  account: { name: string };
  unsubscribeUrl: string;
  campaign: { name: string };
};

/** What the caller knows about the recipient and the send; the salutation is derived from it. */
export type TemplateContextInput = {
  contact?: { firstName?: string | null; lastName?: string | null } | undefined;
  account?: { name?: string | null } | null | undefined;
  unsubscribeUrl?: string | undefined;
  campaign?: { name?: string | null } | undefined;
};

/**
 * The salutation line without punctuation. The contact record has no gender or title, so it is
 * gender-neutral: German formal "Guten Tag Anna Müller", English "Dear Anna Müller"; without a
 * name "Guten Tag" / "Hello".
 */
export const salutationOf = (
  language: Language,
  contact: { firstName?: string | null; lastName?: string | null } | undefined,
): string => {
  const name = [contact?.firstName, contact?.lastName]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  if (language === 'de') return name ? `Guten Tag ${name}` : 'Guten Tag';
  return name ? `Dear ${name}` : 'Hello';
};

export const templateContext = (language: Language, input: TemplateContextInput): TemplateContext => ({
  contact: {
    firstName: input.contact?.firstName ?? '',
    lastName: input.contact?.lastName ?? '',
    salutation: salutationOf(language, input.contact),
  },
  account: { name: input.account?.name ?? '' },
  unsubscribeUrl: input.unsubscribeUrl ?? '',
  campaign: { name: input.campaign?.name ?? '' },
});
