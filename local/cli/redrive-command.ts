import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { eventRoutes } from '#shared/event-routes.ts';
import type { EventRoute, QueueTarget } from '#shared/platform/events/routing.ts';
import { readLocalConfig, UserFacingError } from '../config.ts';

type QueueRoute = EventRoute & { target: QueueTarget };

/**
 * The queue route a name on the command line means: a route or queue name (`erp-sync`,
 * `order-confirmation`), or the one queue route starting with `<name>-` (`erp` → `erp-sync`).
 */
export const resolveQueueRoute = (name: string, routes: readonly EventRoute[] = eventRoutes): QueueRoute => {
  const queueRoutes = routes.filter((route): route is QueueRoute => route.target.kind === 'queue');
  const exact = queueRoutes.find((route) => route.name === name || route.target.queue === name);
  if (exact) return exact;
  const prefixed = queueRoutes.filter((route) => route.name.startsWith(`${name}-`));
  if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
  const names = queueRoutes.map((route) => route.name).join(', ');
  throw new UserFacingError(
    `${prefixed.length > 1 ? `"${name}" names several queues` : `No queue "${name}"`}: use one of ${names}.`,
  );
};

/** The running local instance's event bus (the start command writes `<dataDir>/runtime.json`). */
const localBusUrl = (dataDir: string, dataDirLabel: string): string => {
  try {
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { eventBus?: unknown };
    if (typeof runtime.eventBus === 'string') return runtime.eventBus;
  } catch {
    // Not running (or not from this data directory): the message below says what to do.
  }
  throw new UserFacingError(
    `No running Front Office in ${dataDirLabel}: start it with \`npx frontoffice start\` (same FRONTOFFICE_DATA_DIR), or use --aws.`,
  );
};

/** Locally: the bus emulator moves the queue's DLQ messages back to the queue. */
export const redriveLocal = async (busUrl: string, queue: string): Promise<number> => {
  let response: Response;
  try {
    response = await fetch(`${busUrl}/_local/queues/${queue}/redrive`, { method: 'POST' });
  } catch {
    throw new UserFacingError(
      `The local event bus at ${busUrl} does not answer: is Front Office still running?`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as { moved?: number; message?: string };
  if (!response.ok || typeof body.moved !== 'number') {
    throw new UserFacingError(`The local event bus refused the redrive: ${body.message ?? response.status}.`);
  }
  return body.moved;
};

export type AwsRedrive = { dlqName: string; approximateCount: number; taskHandle: string | undefined };

/**
 * On AWS: an SQS message move task from the DLQ (`frontoffice-<stage>-<queue>-dlq`) back to the
 * queue it came from (no DestinationArn: SQS returns each message to its source queue).
 */
export const redriveOnAws = async (sqs: SQSClient, stage: string, queue: string): Promise<AwsRedrive> => {
  const dlqName = `frontoffice-${stage}-${queue}-dlq`;
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: dlqName }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new UserFacingError(`SQS did not tell the ARN of ${dlqName}.`);
  const approximateCount = Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  if (approximateCount === 0) return { dlqName, approximateCount, taskHandle: undefined };
  const task = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arn }));
  return { dlqName, approximateCount, taskHandle: task.TaskHandle };
};

/** `frontoffice redrive <queue> [--aws --stage <stage> [--region <region>]]`. */
export const redriveCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      aws: { type: 'boolean', default: false },
      stage: { type: 'string' },
      region: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new UserFacingError('Name one queue: `npx frontoffice redrive erp`.');
  const route = resolveQueueRoute(name);
  const queue = route.target.queue;

  if (values.aws) {
    const stage = values.stage?.trim();
    if (!stage) throw new UserFacingError('--aws needs --stage <stage>, e.g. --stage prod.');
    const sqs = new SQSClient(values.region ? { region: values.region } : {});
    const result = await redriveOnAws(sqs, stage, queue);
    process.stdout.write(
      result.taskHandle
        ? `Moving about ${result.approximateCount} message(s) from ${result.dlqName} back to frontoffice-${stage}-${queue} (task ${result.taskHandle}).\n`
        : `${result.dlqName} is empty: nothing to move.\n`,
    );
    return 0;
  }

  const config = readLocalConfig();
  const moved = await redriveLocal(localBusUrl(config.dataDir, config.dataDirLabel), queue);
  process.stdout.write(`Moved ${moved} message(s) from the ${queue} DLQ back to ${queue}.\n`);
  return 0;
};
