/**
 * Mail providers whose domain says nothing about the company: leads from them are not matched to an
 * account by domain (anna@gmail.com does not work for Google).
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'web.de',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'gmx.com',
  't-online.de',
  'freenet.de',
  'arcor.de',
  'posteo.de',
  'mailbox.org',
  'outlook.com',
  'outlook.de',
  'hotmail.com',
  'hotmail.de',
  'live.com',
  'live.de',
  'msn.com',
  'yahoo.com',
  'yahoo.de',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'bluewin.ch',
  'mail.de',
  'email.de',
]);

/** The company domain of a normalised email, or undefined for free-mail providers. */
export const companyDomainOf = (email: string): string | undefined => {
  const domain = email.slice(email.lastIndexOf('@') + 1).replace(/^www\./, '');
  if (!domain || FREE_MAIL_DOMAINS.has(domain)) return undefined;
  return domain;
};
