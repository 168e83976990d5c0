import { describe, expect, it } from 'vitest';
import { salutationOf } from '#shared/templates/template-fields.ts';
import { pickVariant, renderTemplate } from '#shared/templates/template-render.ts';

const template = {
  language: 'de' as const,
  variants: {
    de: {
      subject: 'Angebot für {{account.name}}',
      html: '<p>{{contact.salutation}},</p><p>{{account.name}}</p><a href="{{{unsubscribeUrl}}}">Abmelden</a>',
      text: '{{contact.salutation}},\n{{account.name}}\nAbmelden: {{unsubscribeUrl}}',
    },
    en: {
      subject: 'An offer for {{account.name}}',
      html: '<p>{{contact.salutation}},</p><a href="{{unsubscribeUrl}}">Unsubscribe</a>',
      text: '{{contact.salutation}},\nUnsubscribe: {{unsubscribeUrl}}',
    },
  },
};

describe('template rendering', () => {
  it('picks the contact language, then the default language, then any variant', () => {
    expect(pickVariant(template, 'en').language).toBe('en');
    expect(pickVariant(template, 'de').language).toBe('de');
    expect(pickVariant(template, undefined).language).toBe('de');
    expect(pickVariant({ language: 'de', variants: { en: template.variants.en } }, 'de').language).toBe('en');
    expect(pickVariant({ language: 'en', variants: { de: template.variants.de } }, undefined).language).toBe(
      'de',
    );
  });

  it('renders the German variant with a German salutation for a German contact', () => {
    const rendered = renderTemplate(template, {
      language: 'de',
      contact: { firstName: 'Jürgen', lastName: 'Müller' },
      account: { name: 'Müller & Söhne' },
      unsubscribeUrl: 'https://x.example/u?token=a&b=c',
    });
    expect(rendered.language).toBe('de');
    expect(rendered.subject).toBe('Angebot für Müller & Söhne');
    expect(rendered.text).toBe(
      'Guten Tag Jürgen Müller,\nMüller & Söhne\nAbmelden: https://x.example/u?token=a&b=c',
    );
    expect(rendered.html).toContain('<p>Guten Tag Jürgen Müller,</p><p>Müller &amp; Söhne</p>');
    expect(rendered.html).toContain('href="https://x.example/u?token=a&b=c"');
  });

  it('renders English with "Dear …" and falls back to a greeting without a name', () => {
    expect(
      renderTemplate(template, { language: 'en', contact: { firstName: 'Emily', lastName: 'Clarke' } }).text,
    ).toMatch(/^Dear Emily Clarke,/);
    expect(salutationOf('en', undefined)).toBe('Hello');
    expect(salutationOf('de', { firstName: ' ', lastName: null })).toBe('Guten Tag');
  });

  it('escapes HTML in personal data, so a name cannot inject script', () => {
    const rendered = renderTemplate(template, {
      language: 'de',
      contact: { firstName: '<script>alert(1)</script>', lastName: 'X' },
      account: { name: '"><img src=x onerror=alert(1)>' },
    });
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.html).not.toContain('<img');
  });

  it('keeps the subject on one line whatever the data holds', () => {
    const rendered = renderTemplate(template, { language: 'de', account: { name: 'A\r\nBcc: x@y.example' } });
    expect(rendered.subject).toBe('Angebot für A Bcc: x@y.example');
  });
});
