import { parseArgs } from 'node:util';
import { readLocalConfig, type UserFacingError } from '../config.ts';
import { type LocalStack, startLocalStack } from '../runtime/start.ts';
import { seedInstance } from './seed-command.ts';

const oneLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0] ?? '';

/**
 * `frontoffice start [--memory] [--seed] [--quiet]`: runs the stack until Ctrl-C or SIGTERM, then
 * stops every part (Java included) and exits. Resolves with the exit code.
 */
export const startCommand = async (args: string[]): Promise<number> => {
  const { values } = parseArgs({
    args,
    options: {
      memory: { type: 'boolean', default: false },
      seed: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const config = readLocalConfig();

  let stack: LocalStack | undefined;
  let starting: Promise<LocalStack> | undefined;
  let exiting = false;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const shutdown = async (code: number, message?: string) => {
    if (exiting) return;
    exiting = true;
    if (message) process.stderr.write(`${message}\n`);
    // A signal during startup waits for the parts that are coming up, so Java is never left behind.
    const running = stack ?? (await starting?.catch(() => undefined));
    await running?.stop();
    finish(code);
  };

  // Signals and crashes stop Java too; a second Ctrl-C while stopping forces the exit.
  const onSignal = (signal: NodeJS.Signals) => {
    if (exiting) process.exit(130);
    process.stdout.write(`\n${signal}: stopping Front Office…\n`);
    void shutdown(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('uncaughtException', (error) => void shutdown(1, `Front Office stopped: ${oneLine(error)}`));
  process.on('unhandledRejection', (error) => void shutdown(1, `Front Office stopped: ${oneLine(error)}`));

  starting = startLocalStack(config, {
    memory: values.memory,
    quiet: values.quiet,
    onFatal: (error: UserFacingError) => void shutdown(1, error.message),
  });
  try {
    stack = await starting;
  } catch (error) {
    // startLocalStack has stopped whatever it had started.
    if (exiting) return finished;
    exiting = true;
    throw error;
  }
  if (exiting) return finished;

  const dataNote = values.memory
    ? 'in memory'
    : `persisted in ${config.dataDirLabel.replace(/\/?$/, '/')}dynamodb`;
  process.stdout.write(
    [
      '',
      'Front Office is running',
      `  API          ${stack.urls.api}   (GET /health, GET /openapi.json)`,
      `  SES inbox    ${stack.urls.inbox}`,
      `  DynamoDB     ${stack.urls.dynamodb}   (table ${config.tableName}, ${dataNote})`,
      `  Event bus    ${stack.urls.eventBus}   (EventBridge + SQS emulation, outbox poller)`,
      `  ERP          ${stack.urls.erp}   (${stack.erpSimulated ? 'built-in ERP simulator, ERP_URL unset' : 'ERP_URL'})`,
      '',
      '  Token:  npx frontoffice token --role admin',
      '  Stop:   Ctrl-C',
      '',
    ].join('\n'),
  );

  if (values.seed) {
    seedInstance(stack.urls.api).catch((error: unknown) =>
      process.stderr.write(`Seeding failed: ${oneLine(error)}\n`),
    );
  }
  return finished;
};
