import { findAccount } from '#shared/accounts/account.service.ts';
import type { Language } from '#shared/contacts/contact.schema.ts';
import { findContact } from '#shared/contacts/contact.service.ts';
import { mailFrom, sendMail } from '#shared/mail/mailer.ts';
import { assertVersion, newRecordMeta, planUpdate, staleVersion } from '#shared/platform/db/record.ts';
import { findRecord, queryPage } from '#shared/platform/db/table.ts';
import type { UnitOfWork } from '#shared/platform/db/unit-of-work.ts';
import { AppError, conflict, validationFailed } from '#shared/platform/errors.ts';
import { readSetting } from '#shared/platform/settings.ts';
import { templateFromItem, templateItem, templateKey, templateListQuery } from './template.entity.ts';
import { templateCreated, templateDeleted, templateUpdated } from './template.events.ts';
import type {
  CreateTemplateInput,
  ListTemplatesQuery,
  RenderedTemplate,
  SampleContext,
  Template,
  TestSendInput,
  UpdateTemplateInput,
} from './template.schema.ts';
import { isAllowedTestRecipient, templateTestRecipientsSetting } from './template.settings.ts';
import type { TemplateContextInput } from './template-fields.ts';
import { renderTemplate } from './template-render.ts';
import { validateTemplateVariants } from './template-validate.ts';

/**
 * Where `{{unsubscribeUrl}}` points in previews and test sends: a placeholder, never a working
 * token (the campaign sender puts the signed one-click link of each recipient there).
 */
export const PREVIEW_UNSUBSCRIBE_URL = 'https://frontoffice.invalid/v1/public/unsubscribe?token=preview';

const languagesOf = (template: Pick<Template, 'variants'>) =>
  (['de', 'en'] as const).filter((language) => template.variants[language] !== undefined);

/** Both variants together stay well below DynamoDB's 400 KB per item (docs/data-model.md). */
export const MAX_VARIANTS_BYTES = 350_000;

const assertValid = (template: Pick<Template, 'kind' | 'variants'>): void => {
  const bytes = Buffer.byteLength(JSON.stringify(template.variants), 'utf8');
  if (bytes > MAX_VARIANTS_BYTES) {
    throw validationFailed(
      [
        {
          path: 'variants',
          message: `The variants take ${bytes} bytes; at most ${MAX_VARIANTS_BYTES} are stored.`,
        },
      ],
      'The template is too large.',
    );
  }
  const errors = validateTemplateVariants(template.kind, template.variants);
  if (errors.length > 0) throw validationFailed(errors, 'The template does not pass its checks.');
};

export const createTemplate = async (input: CreateTemplateInput, uow: UnitOfWork): Promise<Template> => {
  assertValid(input);
  const template: Template = { ...newRecordMeta(), ...input, description: input.description ?? null };
  uow.create(templateItem(template), () => conflict('Id collision; retry.'));
  uow.emit(templateCreated, template.id, { kind: template.kind, languages: languagesOf(template) });
  return template;
};

export const findTemplate = (id: string): Promise<Template> =>
  findRecord(templateKey(id), templateFromItem, 'Template', id);

export const updateTemplate = async (
  id: string,
  patch: UpdateTemplateInput,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<Template> => {
  const current = await findTemplate(id);
  const plan = planUpdate(current, patch, ifMatch);
  if (!plan) return current;
  const { next, changed } = plan;
  assertValid(next);
  uow.replace(templateItem(next), current.version, staleVersion('template', current.version));
  uow.emit(templateUpdated, id, { changed, kind: next.kind, languages: languagesOf(next) });
  return next;
};

export const deleteTemplate = async (
  id: string,
  ifMatch: number | undefined,
  uow: UnitOfWork,
): Promise<void> => {
  const current = await findTemplate(id);
  assertVersion(current, ifMatch);
  uow.remove(templateKey(id), staleVersion('template', current.version), current.version);
  uow.emit(templateDeleted, id, {});
};

export const listTemplates = async (
  query: ListTemplatesQuery,
): Promise<{ items: Template[]; nextCursor: string | null }> => {
  const page = await queryPage(templateListQuery(query));
  return { items: page.items.map(templateFromItem), nextCursor: page.nextCursor };
};

/** The context of a real contact: names, language, account name. */
const contactContext = async (contactId: string): Promise<TemplateContextInput & { language: Language }> => {
  const contact = await findContact(contactId);
  const account = contact.accountId ? await findAccount(contact.accountId).catch(() => undefined) : undefined;
  return {
    language: contact.language,
    contact: { firstName: contact.firstName, lastName: contact.lastName },
    account: account ? { name: account.name } : undefined,
  };
};

/** Renders a template for a real contact, made-up sample values, or neither (empty fields). */
export const previewTemplate = async (
  id: string,
  input: {
    contactId?: string | undefined;
    sample?: SampleContext | undefined;
    language?: Language | undefined;
  },
): Promise<RenderedTemplate> => {
  const template = await findTemplate(id);
  const context = input.contactId ? await contactContext(input.contactId) : (input.sample ?? {});
  return renderTemplate(template, {
    campaign: { name: template.name },
    ...context,
    unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL,
    language: input.language ?? ('language' in context ? context.language : undefined),
  });
};

/** The allow-list in force: the setting plus the domain of the sender. */
export const testRecipientAllowList = async (): Promise<string[]> => {
  const setting = await readSetting(templateTestRecipientsSetting);
  const from = mailFrom();
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const senderDomain = address.split('@')[1]?.trim().toLowerCase();
  return [...setting.allowed, ...(senderDomain ? [senderDomain] : [])];
};

/**
 * Sends one rendered copy with `[TEST]` before the subject, only to an allowed recipient (test
 * sends must not become a way to mail arbitrary people). Not recorded as an event: the recipient
 * is personal data, and nothing about the template changes.
 */
export const testSendTemplate = async (
  id: string,
  input: TestSendInput,
): Promise<{ messageId: string | null; to: string; language: Language; subject: string }> => {
  if (!isAllowedTestRecipient(input.to, await testRecipientAllowList())) {
    throw new AppError(
      'forbidden',
      'Test sends may only go to addresses of the setting template-test-recipients or the sender domain.',
    );
  }
  const rendered = await previewTemplate(id, { contactId: input.contactId, language: input.language });
  const subject = `[TEST] ${rendered.subject}`;
  const messageId = await sendMail({ to: input.to, subject, html: rendered.html, text: rendered.text });
  return { messageId: messageId ?? null, to: input.to, language: rendered.language, subject };
};
