import * as z from 'zod';
import { LANGUAGES } from '#shared/contacts/contact.schema.ts';
import {
  cursorSchema,
  idSchema,
  limitSchema,
  pageOf,
  patchOf,
  recordMeta,
} from '#shared/platform/http/schemas.ts';

export const TEMPLATE_KINDS = ['marketing', 'transactional'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** One language of a template: subject, HTML part and plain-text part (required, never generated). */
export const templateVariantSchema = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  html: z.string().min(1).max(200_000),
  text: z.string().min(1).max(100_000),
});
export type TemplateVariant = z.infer<typeof templateVariantSchema>;

/** The variants by language; at least one. */
export const templateVariantsSchema = z
  .strictObject({ de: templateVariantSchema.optional(), en: templateVariantSchema.optional() })
  .refine((variants) => Boolean(variants.de ?? variants.en), 'Give at least one variant (de or en).');
export type TemplateVariants = z.infer<typeof templateVariantsSchema>;

const editable = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000).nullable(),
  /** marketing: needs `{{unsubscribeUrl}}` in its HTML and is only sent with consent; transactional: neither. */
  kind: z.enum(TEMPLATE_KINDS),
  /** The default language (PRODUCT.md 5a `language`): the variant used when the contact's is missing. */
  language: z.enum(LANGUAGES),
  variants: templateVariantsSchema,
};

export const createTemplateBody = z.strictObject({
  ...editable,
  description: editable.description.optional(),
  kind: editable.kind.default('marketing'),
  language: editable.language.default('de'),
});
export type CreateTemplateInput = z.infer<typeof createTemplateBody>;

/** A patch; `variants` replaces all variants (send both languages to keep both). */
export const updateTemplateBody = patchOf(editable);
export type UpdateTemplateInput = z.infer<typeof updateTemplateBody>;

export const templateSchema = z.strictObject({
  ...recordMeta,
  name: z.string(),
  description: z.string().nullable().optional(),
  kind: z.enum(TEMPLATE_KINDS),
  language: z.enum(LANGUAGES),
  variants: z.strictObject({ de: templateVariantSchema.optional(), en: templateVariantSchema.optional() }),
});
export type Template = z.infer<typeof templateSchema>;

export const templatePage = pageOf(templateSchema);

export const listTemplatesQuery = z.strictObject({
  kind: z.enum(TEMPLATE_KINDS).optional(),
  limit: limitSchema,
  cursor: cursorSchema,
});
export type ListTemplatesQuery = z.infer<typeof listTemplatesQuery>;

/** Made-up personalisation values for a preview without a real contact. */
export const sampleContextSchema = z.strictObject({
  contact: z
    .strictObject({
      firstName: z.string().trim().max(100).optional(),
      lastName: z.string().trim().max(100).optional(),
    })
    .optional(),
  account: z.strictObject({ name: z.string().trim().max(200).optional() }).optional(),
  campaign: z.strictObject({ name: z.string().trim().max(200).optional() }).optional(),
});
export type SampleContext = z.infer<typeof sampleContextSchema>;

export const previewTemplateBody = z
  .strictObject({
    contactId: idSchema.optional(),
    sample: sampleContextSchema.optional(),
    /** Overrides the contact's language. */
    language: z.enum(LANGUAGES).optional(),
  })
  .refine((body) => !(body.contactId && body.sample), {
    message: 'Give either contactId or sample, not both.',
    path: ['sample'],
  });
export type PreviewTemplateInput = z.infer<typeof previewTemplateBody>;

export const previewHtmlQuery = z.strictObject({
  contactId: idSchema.optional(),
  language: z.enum(LANGUAGES).optional(),
});

export const renderedTemplateSchema = z.strictObject({
  language: z.enum(LANGUAGES),
  subject: z.string(),
  html: z.string(),
  text: z.string(),
});
export type RenderedTemplate = z.infer<typeof renderedTemplateSchema>;

export const testSendBody = z.strictObject({
  to: z.string().trim().toLowerCase().pipe(z.email('Must be an email address.').max(254)),
  contactId: idSchema.optional(),
  language: z.enum(LANGUAGES).optional(),
});
export type TestSendInput = z.infer<typeof testSendBody>;

export const testSendResult = z.strictObject({
  messageId: z.string().nullable(),
  to: z.string(),
  language: z.enum(LANGUAGES),
  subject: z.string(),
});
