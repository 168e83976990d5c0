import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { attachmentStorageFromEnv } from '#shared/inbound-mail/attachment-storage.ts';
import { receiveInboundMail } from '#shared/inbound-mail/inbound-mail.service.ts';
import { readStoredMail } from '#shared/inbound-mail/raw-mail-store.ts';
import { logger } from '#shared/platform/logger.ts';

/** S3's "Object Created" event on the default bus: SES receiving stored one raw mail. */
const objectCreated = z.looseObject({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.looseObject({
    bucket: z.looseObject({ name: z.string().min(3) }),
    object: z.looseObject({
      key: z.string().min(1).max(1024),
      size: z.number().int().nonnegative().optional(),
    }),
  }),
});

const storage = attachmentStorageFromEnv();

/**
 * Inbound email on AWS: the SES receipt rule stored the mail in S3, the bucket's "Object Created"
 * event invokes this function (asynchronously: Lambda retries, then the rule's DLQ). The same use
 * case as the local SMTP server makes a ticket or a reply; a mail seen twice changes nothing.
 */
export const receive = async (event: unknown): Promise<void> => {
  const parsed = objectCreated.safeParse(event);
  if (!parsed.success) throw new Error('Not an S3 Object Created event.');
  const { bucket, object } = parsed.data.detail;
  const result = await receiveInboundMail(await readStoredMail(bucket.name, object.key), { storage });
  logger.info('Inbound mail processed', { key: object.key, ...result });
};

export const handler = middy<unknown, void, Error, Context>(receive).use(
  injectLambdaContext(logger, { resetKeys: true }),
);
