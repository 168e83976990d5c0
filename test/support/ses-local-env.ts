import { freePort } from '#local/free-port.ts';
import { startSesLocal } from '#local/ses-local.ts';

// Imported first by mail tests: aws-ses-v2-local on a free port, and SES_ENDPOINT set before any
// platform module reads the environment (shared/platform/env.ts reads it once, at import).
export const sesLocal = await startSesLocal({ port: await freePort() });
process.env.SES_ENDPOINT = sesLocal.url;

type StoredEmail = {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
};

/** The inbox of aws-ses-v2-local (`GET /store`). */
export const inbox = async (): Promise<StoredEmail[]> => {
  const response = await fetch(`${sesLocal.url}/store`);
  return ((await response.json()) as { emails: StoredEmail[] }).emails;
};
