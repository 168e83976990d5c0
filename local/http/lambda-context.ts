import type { Context } from 'aws-lambda';

/** API Gateway's integration timeout: an HTTP API waits at most 30 s for Lambda. */
const TIMEOUT_MS = 29_000;

/** A Lambda-like context for one invocation (Powertools reads the names and the request id). */
export const lambdaContext = (functionName: string, requestId: string, region: string): Context => {
  const deadline = Date.now() + TIMEOUT_MS;
  const qualifiedName = `frontoffice-local-${functionName}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: qualifiedName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${qualifiedName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${qualifiedName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};
