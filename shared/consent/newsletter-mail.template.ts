import type { Language } from '#shared/contacts/contact.schema.ts';
import type { RenderedMail } from '#shared/mail/order-confirmation.template.ts';

const TEXT = {
  de: {
    subject: 'Bitte bestätigen Sie Ihre Anmeldung',
    greeting: (name: string | undefined) => (name ? `Hallo ${name},` : 'Guten Tag,'),
    body: 'Sie haben sich für unseren Newsletter angemeldet. Bitte bestätigen Sie die Anmeldung mit diesem Link:',
    ignore:
      'Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese Mail einfach; Sie erhalten dann nichts.',
    button: 'Anmeldung bestätigen',
    closing: 'Ihr Front-Office-Team',
  },
  en: {
    subject: 'Please confirm your subscription',
    greeting: (name: string | undefined) => (name ? `Hello ${name},` : 'Hello,'),
    body: 'You signed up for our newsletter. Please confirm with this link:',
    ignore: 'If you did not sign up, just ignore this mail and you will not hear from us.',
    button: 'Confirm subscription',
    closing: 'Your Front Office team',
  },
} as const;

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The double opt-in mail: one link, in the subscriber's language, HTML and text. */
export const renderConfirmationMail = (input: {
  language: Language;
  firstName: string | undefined;
  link: string;
}): RenderedMail => {
  const t = TEXT[input.language];
  const text = [t.greeting(input.firstName), '', t.body, input.link, '', t.ignore, '', t.closing].join('\n');
  const html = [
    `<!doctype html><html lang="${input.language}"><head><meta charset="utf-8"><title>${escapeHtml(t.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#222">',
    `<p>${escapeHtml(t.greeting(input.firstName))}</p>`,
    `<p>${escapeHtml(t.body)}</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(t.button)}</a></p>`,
    `<p>${escapeHtml(t.ignore)}</p>`,
    `<p>${escapeHtml(t.closing)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: t.subject, html, text };
};

/** The small page a GET on the unsubscribe link shows. */
export const unsubscribePage = (language: Language): string =>
  language === 'de'
    ? '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Abgemeldet</title></head><body><p>Sie sind abgemeldet und erhalten diese Mails nicht mehr.</p></body></html>'
    : '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Unsubscribed</title></head><body><p>You are unsubscribed and will not receive these mails any more.</p></body></html>';
