import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * A Lambda context for a local invocation, so Powertools and middy see what they see on AWS
 * (function name, request id, remaining time).
 */
export const lambdaContext = (
  functionName: string,
  options: { timeoutMs?: number; requestId?: string; region?: string } = {},
): Context => {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const qualifiedName = `frontoffice-local-${functionName}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: qualifiedName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region ?? 'eu-central-1'}:000000000000:function:${qualifiedName}`,
    memoryLimitInMB: '1024',
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${qualifiedName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
