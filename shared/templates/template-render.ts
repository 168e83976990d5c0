import Handlebars from 'handlebars';
import type { Language } from '#shared/contacts/contact.schema.ts';
import type { RenderedTemplate, Template, TemplateVariant } from './template.schema.ts';
import { type TemplateContextInput, templateContext } from './template-fields.ts';

// An isolated instance: nothing registered elsewhere in the process leaks into mails.
const handlebars = Handlebars.create();
const OPTIONS = { knownHelpers: { if: true, unless: true }, knownHelpersOnly: true, strict: false } as const;

/** What renderTemplate needs of a template (a stored Template fits). */
export type RenderableTemplate = Pick<Template, 'language' | 'variants'>;

/**
 * The variant for a recipient: their language if the template has it, else the template's default
 * language, else whichever variant exists (de before en).
 */
export const pickVariant = (
  template: RenderableTemplate,
  wanted: Language | undefined,
): { language: Language; variant: TemplateVariant } => {
  for (const language of [wanted, template.language, 'de', 'en'] as const) {
    const variant = language ? template.variants[language] : undefined;
    if (language && variant) return { language, variant };
  }
  throw new Error('A template without variants cannot be rendered.');
};

/**
 * Renders a template for one recipient: picks the variant by `language` (the contact's), builds the
 * fixed context (salutation in that language) and renders subject, HTML and text. The HTML part is
 * HTML-escaped by default; subject and text are plain text, so they are not (no `&amp;` in a subject).
 * Pure: no I/O. The campaign sender and the preview both use it.
 */
export const renderTemplate = (
  template: RenderableTemplate,
  input: TemplateContextInput & { language?: Language | undefined },
): RenderedTemplate => {
  const { language, variant } = pickVariant(template, input.language);
  const context = templateContext(language, input);
  const plain = (source: string) => handlebars.compile(source, { ...OPTIONS, noEscape: true })(context);
  const html = handlebars.compile(variant.html, { ...OPTIONS, noEscape: false })(context);
  // A subject is one line whatever the data holds (no header injection through a name).
  const subject = plain(variant.subject)
    .replace(/[\r\n]+/g, ' ')
    .trim();
  return { language, subject, html, text: plain(variant.text) };
};
