import { S3Client } from '@aws-sdk/client-s3';
import { env } from '#shared/platform/env.ts';

let client: S3Client | undefined;

/** One S3 client per process (raw mails in, attachments out), created on first use. */
export const s3Client = (): S3Client => {
  client ??= new S3Client({ region: env.region });
  return client;
};
