import {
  CreateEmailTemplateCommand,
  DeleteEmailTemplateCommand,
  NotFoundException,
  type SESv2Client,
  UpdateEmailTemplateCommand,
} from '@aws-sdk/client-sesv2';
import Handlebars from 'handlebars';
import type { Language } from '#shared/contacts/contact.schema.ts';
import type { Template, TemplateVariant } from './template.schema.ts';
import {
  TEMPLATE_FIELDS,
  type TemplateContext,
  type TemplateContextInput,
  templateContext,
} from './template-fields.ts';
import { pickVariant, type RenderableTemplate } from './template-render.ts';

/**
 * SES stored templates (docs/templates.md): SES renders Handlebars WITHOUT HTML escaping, and one
 * ReplacementTemplateData feeds subject, HTML and text. So the HTML part of the SES copy reads its
 * fields from an `html` twin of the context whose values are escaped here, exactly as
 * renderTemplate escapes them; subject and text read the plain values. The same mail comes out.
 */

const LANGUAGES = ['de', 'en'] as const;

/**
 * `frontoffice-<stage>-<templateId>-<language>`, one SES template per variant, and `…-bilingual`
 * with both variants when the template has both: SendBulkEmail takes one SES template per call,
 * so a batch of German and English recipients is still one call (each recipient's data says
 * which half SES renders).
 */
export const sesTemplateName = (
  stage: string,
  templateId: string,
  language: Language | 'bilingual',
): string => `frontoffice-${stage}-${templateId}-${language}`;

/** The recipient data field that picks the German half of a bilingual SES template. */
const GERMAN = 'languageDe';

const hasBothVariants = (template: Pick<Template, 'variants'>): boolean =>
  Boolean(template.variants.de && template.variants.en);

const FIELD_PATTERN = TEMPLATE_FIELDS.map((field) => field.replace('.', '\\.')).join('|');
// `{{field}}`, `{{~ field ~}}`, `{{#if field}}`, `{{#unless field}}`; not `{{{…}}}` (raw-safe fields stay raw).
const ESCAPED_FIELD = new RegExp(
  `(?<!\\{)\\{\\{(~?\\s*(?:#if\\s+|#unless\\s+)?)(${FIELD_PATTERN})(\\s*~?)\\}\\}(?!\\})`,
  'g',
);

/** The SES copy of a variant (validated before, so only known fields and if/unless occur). */
export const sesTemplateContent = (variant: TemplateVariant) => ({
  Subject: variant.subject,
  Html: variant.html.replace(ESCAPED_FIELD, (_match, open: string, field: string, close: string) =>
    open.includes('#') ? `{{${open}${field}${close}}}` : `{{${open}html.${field}${close}}}`,
  ),
  Text: variant.text,
});

/** Both variants in one SES template: `{{#if languageDe}}<de>{{else}}<en>{{/if}}` per part. */
export const sesBilingualContent = (de: TemplateVariant, en: TemplateVariant) => {
  const [german, english] = [sesTemplateContent(de), sesTemplateContent(en)];
  const either = (part: 'Subject' | 'Html' | 'Text') =>
    `{{#if ${GERMAN}}}${german[part]}{{else}}${english[part]}{{/if}}`;
  return { Subject: either('Subject'), Html: either('Html'), Text: either('Text') };
};

const escaped = (context: TemplateContext): TemplateContext => {
  const e = Handlebars.escapeExpression;
  return {
    contact: {
      firstName: e(context.contact.firstName),
      lastName: e(context.contact.lastName),
      salutation: e(context.contact.salutation),
    },
    account: { name: e(context.account.name) },
    unsubscribeUrl: e(context.unsubscribeUrl),
    campaign: { name: e(context.campaign.name) },
  };
};

/**
 * The `ReplacementTemplateData` (SendBulkEmail) or `TemplateData` (SendEmail) of one recipient, and
 * the SES template to name: the variant is picked as renderTemplate picks it.
 */
export const sesRecipientData = (
  stage: string,
  template: RenderableTemplate & Pick<Template, 'id'>,
  input: TemplateContextInput & { language?: Language | undefined },
): { templateName: string; data: string } => {
  const { language } = pickVariant(template, input.language);
  const context = templateContext(language, input);
  const bilingual = hasBothVariants(template);
  return {
    templateName: sesTemplateName(stage, template.id, bilingual ? 'bilingual' : language),
    data: JSON.stringify({
      ...context,
      html: escaped(context),
      ...(bilingual ? { [GERMAN]: language === 'de' } : {}),
    }),
  };
};

// Real SES answers NotFoundException; aws-ses-v2-local answers a bare 404 the SDK cannot type.
const isNotFound = (error: unknown): boolean =>
  error instanceof NotFoundException ||
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 404;

const deleteIfPresent = async (client: SESv2Client, name: string): Promise<void> => {
  try {
    await client.send(new DeleteEmailTemplateCommand({ TemplateName: name }));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
};

/**
 * Makes SES hold exactly the template's variants: update (or create) each present one, delete the
 * absent ones. Idempotent: it reads nothing but the template, so a retry converges.
 */
export const syncSesTemplates = async (
  client: SESv2Client,
  stage: string,
  template: Pick<Template, 'id' | 'variants'>,
): Promise<void> => {
  const { de, en } = template.variants;
  const wanted = {
    de: de && sesTemplateContent(de),
    en: en && sesTemplateContent(en),
    bilingual: de && en ? sesBilingualContent(de, en) : undefined,
  };
  for (const [key, content] of Object.entries(wanted) as [keyof typeof wanted, typeof wanted.de][]) {
    const name = sesTemplateName(stage, template.id, key);
    if (!content) {
      await deleteIfPresent(client, name);
      continue;
    }
    const request = { TemplateName: name, TemplateContent: content };
    try {
      await client.send(new UpdateEmailTemplateCommand(request));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await client.send(new CreateEmailTemplateCommand(request));
    }
  }
};

/** Removes a deleted template's SES copies. */
export const deleteSesTemplates = async (
  client: SESv2Client,
  stage: string,
  templateId: string,
): Promise<void> => {
  for (const key of [...LANGUAGES, 'bilingual'] as const)
    await deleteIfPresent(client, sesTemplateName(stage, templateId, key));
};
