import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MAX_INBOUND_MAIL_BYTES } from '#shared/inbound-mail/inbound-mail.schema.ts';

/** A listening local SMTP server. */
export type RunningSmtpServer = { url: string; port: number; close: () => Promise<void> };

export type SmtpServerOptions = {
  port: number;
  host?: string;
  /** Largest message accepted, in bytes (announced with SIZE; larger ones get 552). */
  maxBytes?: number;
  /** Called with every accepted message; a rejection answers 451 so the sender retries. */
  onMail: (raw: Buffer) => Promise<void>;
  log?: (line: string) => void;
};

/**
 * The local stand-in for SES receiving: plain SMTP without authentication or TLS, for the
 * machine itself (bind it to loopback). Every accepted message goes to `onMail` before the server
 * answers 250, so a sender that got 250 knows the mail is in a ticket.
 */
export const startSmtpServer = async (options: SmtpServerOptions): Promise<RunningSmtpServer> => {
  const host = options.host ?? '127.0.0.1';
  const maxBytes = options.maxBytes ?? MAX_INBOUND_MAIL_BYTES;
  const server = new SMTPServer({
    name: 'frontoffice.local',
    banner: 'Front Office inbound mail (local)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          const error = Object.assign(new Error(`Message exceeds the limit of ${maxBytes} bytes`), {
            responseCode: 552,
          });
          callback(error);
          return;
        }
        options.onMail(Buffer.concat(chunks)).then(
          () => callback(),
          (error: unknown) => {
            options.log?.(`Inbound mail failed: ${(error as Error).message}`);
            callback(Object.assign(new Error('Temporary failure, try again later'), { responseCode: 451 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log?.(`SMTP server error: ${error.message}`));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
