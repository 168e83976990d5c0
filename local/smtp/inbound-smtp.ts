import { fileAttachmentStorage } from '#shared/inbound-mail/attachment-storage.ts';
import { receiveInboundMail } from '#shared/inbound-mail/inbound-mail.service.ts';
import { type RunningSmtpServer, startSmtpServer } from './smtp-server.ts';

/**
 * The local stand-in for SES receiving: SMTP on `SMTP_PORT` into the same use case the AWS
 * function calls, with attachments as files under `<dataDir>/attachments/`. Import it only after
 * the handlers' environment is set (the platform reads it at import).
 */
export const startInboundSmtp = (options: {
  port: number;
  host: string;
  dataDir: string;
  log?: (line: string) => void;
}): Promise<RunningSmtpServer> => {
  const storage = fileAttachmentStorage(options.dataDir);
  return startSmtpServer({
    port: options.port,
    host: options.host,
    ...(options.log ? { log: options.log } : {}),
    onMail: async (raw) => {
      await receiveInboundMail(raw, { storage });
    },
  });
};
