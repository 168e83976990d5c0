/** The sender: `MAIL_FROM` (an address of the SES identity the function may send as). */
export const mailFrom = (source: NodeJS.ProcessEnv = process.env): string =>
  source.MAIL_FROM?.trim() || 'Front Office <noreply@frontoffice.local>';
