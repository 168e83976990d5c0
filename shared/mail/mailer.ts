import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { env } from '#shared/platform/env.ts';
import { mailFrom } from './mail-from.ts';

// Kept apart so code that only needs the sender's address does not load the SES client.
export { mailFrom };

/** The one SES v2 client of the process; locally it talks to aws-ses-v2-local through SES_ENDPOINT. */
export const ses = new SESv2Client({
  region: env.region,
  ...(env.sesEndpoint
    ? { endpoint: env.sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {}),
});

export type Mail = {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. In-Reply-To and References for a conversation. */
  headers?: readonly { Name: string; Value: string }[];
  /** SES message tags (e.g. mailRefTags), returned in every SES event of the mail. */
  tags?: readonly { Name: string; Value: string }[];
  /** The SES configuration set whose event destinations receive the mail's events. */
  configurationSetName?: string;
};

/** Sends one transactional mail (HTML and text parts); returns SES's message id. */
export const sendMail = async (mail: Mail): Promise<string | undefined> => {
  const result = await ses.send(
    new SendEmailCommand({
      FromEmailAddress: mailFrom(),
      Destination: { ToAddresses: [mail.to] },
      ...(mail.tags?.length ? { EmailTags: [...mail.tags] } : {}),
      ...(mail.configurationSetName ? { ConfigurationSetName: mail.configurationSetName } : {}),
      Content: {
        Simple: {
          Subject: { Data: mail.subject, Charset: 'UTF-8' },
          Body: { Html: { Data: mail.html, Charset: 'UTF-8' }, Text: { Data: mail.text, Charset: 'UTF-8' } },
          ...(mail.headers?.length ? { Headers: [...mail.headers] } : {}),
        },
      },
    }),
  );
  return result.MessageId;
};
