import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from './s3-client.ts';

/** The prefix SES receiving stores raw mails under in the mail bucket (`inbound/<SES message id>`). */
export const INBOUND_MAIL_PREFIX = 'inbound/';

/** Reads one raw mail SES stored; only objects of `INBOUND_MAIL_BUCKET` under the inbound prefix. */
export const readStoredMail = async (bucket: string, key: string): Promise<Buffer> => {
  const expected = process.env.INBOUND_MAIL_BUCKET?.trim();
  if (!expected || bucket !== expected || !key.startsWith(INBOUND_MAIL_PREFIX)) {
    throw new Error('The object is not an inbound mail of this stage.');
  }
  const result = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!result.Body) throw new Error('The stored mail has no body.');
  return Buffer.from(await result.Body.transformToByteArray());
};
