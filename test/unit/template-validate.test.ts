import { describe, expect, it } from 'vitest';
import { validateTemplateVariants } from '#shared/templates/template-validate.ts';

const variant = (overrides: Partial<{ subject: string; html: string; text: string }> = {}) => ({
  subject: 'Neuigkeiten für {{contact.firstName}}',
  html: '<p>{{contact.salutation}},</p><p>…</p><a href="{{unsubscribeUrl}}">Abmelden</a>',
  text: '{{contact.salutation}},\n…\nAbmelden: {{unsubscribeUrl}}',
  ...overrides,
});

describe('template validation', () => {
  it('accepts known fields, if/unless blocks and the raw-safe unsubscribe link', () => {
    const html =
      '{{#if account.name}}<p>{{account.name}}</p>{{else}}<p>-</p>{{/if}}{{#unless campaign.name}}x{{/unless}}<a href="{{{unsubscribeUrl}}}">x</a>{{! note }}';
    expect(validateTemplateVariants('marketing', { de: variant({ html }), en: variant() })).toEqual([]);
  });

  it('names the part of an unknown field, e.g. variants.de.html', () => {
    const errors = validateTemplateVariants('marketing', {
      de: variant({ html: '<p>{{contact.email}}</p>{{unsubscribeUrl}}' }),
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBe('variants.de.html');
    expect(errors[0]?.message).toContain('contact.email');
  });

  it('refuses a marketing template without {{unsubscribeUrl}} in its HTML, but not a transactional one', () => {
    const html = '<p>{{contact.salutation}}</p>';
    expect(validateTemplateVariants('marketing', { en: variant({ html }) })).toEqual([
      { path: 'variants.en.html', message: expect.stringContaining('unsubscribeUrl') },
    ]);
    expect(validateTemplateVariants('transactional', { en: variant({ html }) })).toEqual([]);
  });

  it('refuses triple-stash in HTML for fields a person typed, but allows it in the text part', () => {
    const errors = validateTemplateVariants('marketing', {
      de: variant({
        html: '<p>{{{contact.firstName}}}</p>{{unsubscribeUrl}}',
        text: '{{{contact.firstName}}}',
      }),
    });
    expect(errors).toEqual([{ path: 'variants.de.html', message: expect.stringContaining('unescaped') }]);
    expect(
      validateTemplateVariants('marketing', {
        de: variant({ html: '<p>{{& account.name}}</p>{{unsubscribeUrl}}' }),
      }),
    ).toHaveLength(1);
  });

  it('refuses syntax errors, helpers, partials, this/parent paths and data variables', () => {
    const errors = validateTemplateVariants('transactional', {
      de: variant({
        subject: 'Hallo {{contact.firstName',
        html: '{{lookup contact "email"}}{{> footer}}{{#each contact}}x{{/each}}',
        text: '{{this.contact.firstName}} {{../account.name}} {{@root.contact.firstName}}',
      }),
    });
    expect(errors.filter((error) => error.path === 'variants.de.subject')[0]?.message).toContain(
      'Does not compile',
    );
    expect(errors.filter((error) => error.path === 'variants.de.html')).toHaveLength(3);
    expect(errors.filter((error) => error.path === 'variants.de.text')).toHaveLength(3);
  });
});
