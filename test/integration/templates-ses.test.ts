import { GetEmailTemplateCommand, SendBulkEmailCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, describe, expect, it } from 'vitest';
import { inbox, sesLocal } from '../support/ses-local-env.ts';

// Loaded after SES_ENDPOINT points at this file's aws-ses-v2-local (the platform reads it at import).
const { ses } = await import('#shared/mail/mailer.ts');
const { renderTemplate } = await import('#shared/templates/template-render.ts');
const { deleteSesTemplates, sesRecipientData, syncSesTemplates } = await import(
  '#shared/templates/template-ses.ts'
);

afterAll(async () => {
  await sesLocal.close();
});

const template = {
  id: `01SES${Date.now()}`,
  language: 'de' as const,
  variants: {
    de: {
      subject: 'Angebot für {{account.name}}',
      html: '<p>{{contact.salutation}},</p>{{#if account.name}}<p>{{ account.name }}</p>{{/if}}<a href="{{{unsubscribeUrl}}}">Abmelden</a>',
      text: '{{contact.salutation}},\n{{account.name}}\nAbmelden: {{unsubscribeUrl}}',
    },
    en: {
      subject: 'Offer',
      html: '<p>{{contact.salutation}}</p><a href="{{unsubscribeUrl}}">Unsubscribe</a>',
      text: '{{contact.salutation}}\n{{unsubscribeUrl}}',
    },
  },
};

describe('SES stored templates', () => {
  it('renders through SES exactly as renderTemplate does, HTML escaped, plain parts not', async () => {
    // Prepare
    await syncSesTemplates(ses, 'test', template);
    await syncSesTemplates(ses, 'test', template); // a retry converges (update instead of create)
    const input = {
      language: 'de' as const,
      contact: { firstName: '<script>x</script>', lastName: 'Müller' },
      account: { name: 'Müller & Söhne' },
      unsubscribeUrl: 'https://u.example/unsubscribe?token=a&x=1',
    };
    const to = `ses.${Date.now()}@example.com`;
    const { templateName, data } = sesRecipientData('test', template, input);

    // Act
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'noreply@frontoffice.local',
        Destination: { ToAddresses: [to] },
        Content: { Template: { TemplateName: templateName, TemplateData: data } },
      }),
    );

    // Assess
    const expected = renderTemplate(template, input);
    const [mail] = (await inbox()).filter((stored) => stored.destination.to.includes(to));
    expect(templateName).toBe(`frontoffice-test-${template.id}-bilingual`);
    expect(mail?.subject).toBe(expected.subject);
    expect(mail?.body.html).toBe(expected.html);
    expect(mail?.body.text).toBe(expected.text);
    expect(mail?.body.html).toContain('&lt;script&gt;');
  });

  it('sends German and English recipients through one SES template, each in their language', async () => {
    await syncSesTemplates(ses, 'test', template);
    const people = [
      {
        language: 'de' as const,
        contact: { firstName: 'Jürgen', lastName: 'Groß' },
        account: { name: 'Groß AG' },
      },
      {
        language: 'en' as const,
        contact: { firstName: 'Jane', lastName: 'Doe' },
        account: { name: 'Doe Ltd' },
      },
    ].map((person, index) => ({
      ...person,
      unsubscribeUrl: `https://u.example/u?i=${index}`,
      to: `bulk.${index}.${Date.now()}@example.com`,
    }));
    const names = new Set(people.map((person) => sesRecipientData('test', template, person).templateName));
    expect(names).toEqual(new Set([`frontoffice-test-${template.id}-bilingual`]));

    await ses.send(
      new SendBulkEmailCommand({
        FromEmailAddress: 'noreply@frontoffice.local',
        DefaultContent: {
          Template: {
            TemplateName: [...names][0],
            TemplateData: sesRecipientData('test', template, {}).data,
          },
        },
        BulkEmailEntries: people.map((person) => ({
          Destination: { ToAddresses: [person.to] },
          ReplacementEmailContent: {
            ReplacementTemplate: { ReplacementTemplateData: sesRecipientData('test', template, person).data },
          },
        })),
      }),
    );

    for (const person of people) {
      const expected = renderTemplate(template, person);
      const [mail] = (await inbox()).filter((stored) => stored.destination.to.includes(person.to));
      expect(mail?.subject).toBe(expected.subject);
      expect(mail?.body.html).toBe(expected.html);
      expect(mail?.body.text).toBe(expected.text);
    }
  });

  it('keeps one-language templates on their own SES copy', () => {
    const german = { ...template, variants: { de: template.variants.de } };
    expect(sesRecipientData('test', german, { language: 'en' }).templateName).toBe(
      `frontoffice-test-${template.id}-de`,
    );
  });

  it('drops the SES copy of a removed variant and of a deleted template', async () => {
    await syncSesTemplates(ses, 'test', template);
    await syncSesTemplates(ses, 'test', { ...template, variants: { de: template.variants.de } });
    const names = async () => {
      const present: string[] = [];
      for (const language of ['de', 'en', 'bilingual']) {
        const name = `frontoffice-test-${template.id}-${language}`;
        const found = await ses
          .send(new GetEmailTemplateCommand({ TemplateName: name }))
          .catch(() => undefined);
        if (found) present.push(name);
      }
      return present;
    };
    expect(await names()).toEqual([`frontoffice-test-${template.id}-de`]);
    await deleteSesTemplates(ses, 'test', template.id);
    expect(await names()).toEqual([]);
  });
});
