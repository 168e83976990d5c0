import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/**
 * A bucket for S3 server access logs: SSE-S3 (access logging cannot write to SSE-KMS), TLS only,
 * private, logs kept a year. Created in the caller's scope, so its logical id is the caller's `id`.
 */
export const accessLogBucket = (scope: Construct, id: string, of: string): s3.Bucket => {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: `This is the server access log bucket of ${of}; logging it into itself would loop.`,
  });
  return bucket;
};
