import type { MailLanguage, RenderedMail } from '#shared/mail/order-confirmation.template.ts';

const escapeHtml = (value: string): string =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The reference customers (and the inbound parser) see in every subject: `[T-2026-000042]`. */
export const subjectWithNumber = (number: string, subject: string): string => {
  const clean = subject.replace(/\s*\[#?T-\d{4}-\d{6,}\]\s*/gi, ' ').trim();
  return `[${number}] ${clean}`.trim();
};

type Recipient = { firstName: string; lastName: string };

const TEXT = {
  de: {
    greeting: (name: Recipient) => `Guten Tag ${name.firstName} ${name.lastName},`.replace(/\s+,/, ','),
    ackSubject: (subject: string) => `Ihre Anfrage ist eingegangen: ${subject}`,
    ackBody: (number: string) =>
      `vielen Dank für Ihre Nachricht. Wir haben Ihre Anfrage unter der Nummer ${number} aufgenommen und melden uns so schnell wie möglich. Antworten Sie einfach auf diese E-Mail, wenn Sie etwas ergänzen möchten.`,
    replySubject: (subject: string) => `Re: ${subject}`,
    surveySubject: 'Wie zufrieden waren Sie mit unserer Hilfe?',
    surveyBody: (number: string) =>
      `Ihre Anfrage ${number} ist erledigt. Wie zufrieden waren Sie mit unserer Hilfe (1 bis 5)? Und wie wahrscheinlich ist es, dass Sie uns weiterempfehlen (0 bis 10)?`,
    surveyLink: 'Zur Umfrage',
    closing: 'Mit freundlichen Grüßen\nIhr Front-Office-Team',
  },
  en: {
    greeting: (name: Recipient) => `Dear ${name.firstName} ${name.lastName},`.replace(/\s+,/, ','),
    ackSubject: (subject: string) => `We have received your request: ${subject}`,
    ackBody: (number: string) =>
      `thank you for your message. We have logged your request as ${number} and will get back to you as soon as possible. Simply reply to this email if you want to add anything.`,
    replySubject: (subject: string) => `Re: ${subject}`,
    surveySubject: 'How satisfied were you with our help?',
    surveyBody: (number: string) =>
      `Your request ${number} has been resolved. How satisfied were you with our help (1 to 5)? And how likely are you to recommend us (0 to 10)?`,
    surveyLink: 'Take the survey',
    closing: 'Kind regards\nYour Front Office team',
  },
} as const;

const page = (language: MailLanguage, subject: string, paragraphs: string[]): string =>
  [
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#222">',
    ...paragraphs,
    '</body></html>',
  ].join('\n');

const paragraph = (text: string): string => `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;

/** The acknowledgment of a new ticket: the number in the subject, so replies thread. */
export const renderAcknowledgment = (input: {
  language: MailLanguage;
  recipient: Recipient;
  number: string;
  subject: string;
}): RenderedMail => {
  const t = TEXT[input.language];
  const subject = subjectWithNumber(input.number, t.ackSubject(input.subject));
  const parts = [t.greeting(input.recipient), t.ackBody(input.number), t.closing];
  return { subject, text: parts.join('\n\n'), html: page(input.language, subject, parts.map(paragraph)) };
};

/** An agent's reply as mailed from the ticket: the agent's text (and HTML when given). */
export const renderAgentReply = (input: {
  language: MailLanguage;
  number: string;
  subject: string;
  text: string;
  html?: string | null | undefined;
}): RenderedMail => {
  const t = TEXT[input.language];
  const base = input.subject.replace(/^(re|aw|wg|fwd?):\s*/i, '');
  const subject = subjectWithNumber(input.number, t.replySubject(base));
  return {
    subject,
    text: input.text,
    // The agent's HTML is sent as written by an authenticated agent; plain text is escaped.
    html: input.html ?? page(input.language, subject, input.text.split(/\n{2,}/).map(paragraph)),
  };
};

/** The CSAT/NPS survey after resolution, with the signed single-use link. */
export const renderSurvey = (input: {
  language: MailLanguage;
  recipient: Recipient;
  number: string;
  link: string;
}): RenderedMail => {
  const t = TEXT[input.language];
  const subject = subjectWithNumber(input.number, t.surveySubject);
  const text = [
    t.greeting(input.recipient),
    t.surveyBody(input.number),
    `${t.surveyLink}: ${input.link}`,
    t.closing,
  ].join('\n\n');
  const html = page(input.language, subject, [
    paragraph(t.greeting(input.recipient)),
    paragraph(t.surveyBody(input.number)),
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(t.surveyLink)}</a></p>`,
    paragraph(t.closing),
  ]);
  return { subject, text, html };
};
