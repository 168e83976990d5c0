import { Aws, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { physicalName } from '../stage.ts';
import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Where SES receiving stores raw mails in the mail bucket (the function reads only these). */
export const INBOUND_MAIL_PREFIX = 'inbound/';
/** Where inbound attachments are kept (the function writes only these). */
export const ATTACHMENTS_PREFIX = 'attachments/';

/**
 * The mail bucket of a stage (data stack): raw inbound mail and attachments. Account and region
 * make the name globally unique; both stacks derive it, so no cross-stack reference is needed.
 */
export const mailBucketName = (stage: string): string =>
  `${physicalName(stage, 'mail')}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;

/**
 * Inbound email (`functions/inbound-mail`): triggered by the mail bucket's "Object Created" event
 * (rule in the API stack); reads the raw mail, stores attachments, writes the ticket or reply.
 */
export const inboundMailFeature = defineFeature({
  functionName: 'inbound-mail',
  description: 'Front Office inbound email: SES → S3 → ticket or reply (idempotent by Message-ID)',
  memorySize: 512,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, TABLE_RECORDS);
    const bucketName = mailBucketName(stage);
    const objects = (prefix: string) =>
      Stack.of(fn).formatArn({
        service: 's3',
        region: '',
        account: '',
        resource: bucketName,
        resourceName: `${prefix}*`,
      });
    // Named actions on the two prefixes only: read what SES stored, write attachments.
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [objects(INBOUND_MAIL_PREFIX)] }),
    );
    fn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects(ATTACHMENTS_PREFIX)] }),
    );
    for (const prefix of [INBOUND_MAIL_PREFIX, ATTACHMENTS_PREFIX]) {
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${physicalName(stage, 'mail')}-<AWS::AccountId>-<AWS::Region>/${prefix}*]`,
        reason: `Objects under ${prefix} of the mail bucket: raw mails are keyed by SES message id, attachments by mail and content hash.`,
      });
    }
    fn.addEnvironment('INBOUND_MAIL_BUCKET', bucketName);
    fn.addEnvironment('ATTACHMENTS_BUCKET', bucketName);
  },
});
