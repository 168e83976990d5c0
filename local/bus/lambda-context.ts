import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { env } from '#shared/platform/env.ts';

/** A Lambda context for a local invocation, so Powertools and middy see what they see on AWS. */
export const lambdaContext = (functionName: string, timeoutMs = 30_000): Context => {
  const deadline = Date.now() + timeoutMs;
  const qualifiedName = `frontoffice-${env.stage}-${functionName}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: qualifiedName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${env.region}:000000000000:function:${qualifiedName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${qualifiedName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
