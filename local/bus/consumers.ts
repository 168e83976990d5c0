import type { Context, SQSEvent } from 'aws-lambda';

/**
 * A queue consumer: the same Lambda handler AWS runs behind the SQS event source mapping. It may
 * return an `SQSBatchResponse` (partial batch failure) or nothing.
 */
export type QueueConsumer = (event: SQSEvent, context: Context) => Promise<unknown>;

export type ConsumerResolver = (functionName: string) => Promise<QueueConsumer>;

/** Loads `functions/<name>/<name>.handler.ts` and returns its `handler` export. */
export const loadConsumer: ConsumerResolver = async (functionName) => {
  if (!/^[a-z0-9-]+$/.test(functionName)) throw new Error(`Invalid function name: ${functionName}`);
  const url = new URL(`../../functions/${functionName}/${functionName}.handler.ts`, import.meta.url);
  const module = (await import(url.href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') {
    throw new Error(`functions/${functionName}/${functionName}.handler.ts exports no handler`);
  }
  return module.handler as QueueConsumer;
};
