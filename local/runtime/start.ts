import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureApi } from '#shared/platform/http/operation.ts';
import { createTokenVerifier, loadOrCreateSecret } from '../auth/dev-jwt.ts';
import { apiUrl, type LocalConfig, UserFacingError, urlHost } from '../config.ts';
import { ensureTable } from '../dynamodb-local.ts';
import { loadOrCreateErpCallbackSecret } from '../erp-simulator/callback-secret.ts';
import { startErpSimulator } from '../erp-simulator/erp-simulator.ts';
import { freePort } from '../free-port.ts';
import type { RunningHttpServer } from '../http/http-server.ts';
import { startHttpServer } from '../http/http-server.ts';
import { startSesLocal } from '../ses-local.ts';
import { type DynamoDbChild, startDynamoDbChild } from './dynamodb.ts';
import { checkDataDir, checkDynamoDir, checkJava, checkPorts } from './preflight.ts';

export type StartOptions = {
  /** DynamoDB Local in memory instead of `<dataDir>/dynamodb`. */
  memory?: boolean;
  /** No request log lines. */
  quiet?: boolean;
  /** Where progress lines go (stdout by default). */
  log?: (line: string) => void;
  /** Called once when a part dies after startup (e.g. Java was killed): the stack is then unusable. */
  onFatal?: (error: UserFacingError) => void;
};

/** The running local stack. */
export type LocalStack = {
  urls: { api: string; inbox: string; dynamodb: string; eventBus: string; erp: string; smtp: string };
  /** True when `erp` is the built-in ERP simulator (ERP_URL unset). */
  erpSimulated: boolean;
  /** Java's pid, so a supervisor (or a test) can tell it has gone. */
  dynamoDbPid: number | undefined;
  /** Stops every part and waits for Java to exit. Safe to call more than once. */
  stop: () => Promise<void>;
};

type PartState = 'starting' | 'ready' | 'stopped';

/**
 * The environment the handlers read when their modules load (`shared/platform/env.ts` reads
 * `process.env` at import), so it is set before any handler, the bus or the poller is imported.
 */
export const handlerEnvironment = (
  config: LocalConfig,
  eventBridgePort: number,
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> => ({
  DYNAMODB_ENDPOINT: `http://127.0.0.1:${config.dynamoDbPort}`,
  TABLE_NAME: config.tableName,
  SES_ENDPOINT: `http://127.0.0.1:${config.sesPort}`,
  EVENTBRIDGE_ENDPOINT: `http://127.0.0.1:${eventBridgePort}`,
  EVENT_BUS_NAME: config.eventBusName,
  AWS_REGION: config.region,
  STAGE: 'local',
  // One-time schedules live in the table; local/scheduler fires them (shared/platform/scheduler.ts).
  SCHEDULER_MODE: 'local',
  FRONTOFFICE_DATA_DIR: config.dataDir,
  POWERTOOLS_LOG_LEVEL: source.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  POWERTOOLS_SERVICE_NAME: source.POWERTOOLS_SERVICE_NAME ?? 'frontoffice',
  // The SDK clients must not go looking for real credentials (or the instance metadata service).
  AWS_ACCESS_KEY_ID: source.AWS_ACCESS_KEY_ID ?? 'local',
  AWS_SECRET_ACCESS_KEY: source.AWS_SECRET_ACCESS_KEY ?? 'local',
  ...(config.erpUrl ? { ERP_URL: config.erpUrl } : {}),
});

const listenFailure = (error: unknown, port: number, name: string): Error =>
  (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
    ? new UserFacingError(
        `Port ${port} (${name}) is in use: stop the other process or set ${name}=<a free port>.`,
      )
    : (error as Error);

/**
 * `frontoffice start`: checks what can be checked up front (ports, Java, data directory), then
 * starts DynamoDB Local, aws-ses-v2-local, the EventBridge/SQS emulation with the outbox poller, and
 * the HTTP API, all in this process except Java. `/health` says 503 until every part is ready.
 */
export const startLocalStack = async (
  config: LocalConfig,
  options: StartOptions = {},
): Promise<LocalStack> => {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dynamoLabel = join(config.dataDirLabel, 'dynamodb');
  const dynamoDir = options.memory ? undefined : join(config.dataDir, 'dynamodb');

  // 1. Everything that can fail for a reason the user fixes, before anything runs.
  await checkPorts([
    { name: 'PORT', port: config.port },
    { name: 'SES_PORT', port: config.sesPort },
    { name: 'DYNAMODB_PORT', port: config.dynamoDbPort },
  ]);
  checkJava();
  checkDataDir(config.dataDir, config.dataDirLabel);
  if (dynamoDir) checkDynamoDir(dynamoDir, dynamoLabel);
  const secret = loadOrCreateSecret(config.dataDir);
  const erpCallbackSecret = loadOrCreateErpCallbackSecret(config.dataDir);

  // 2. The handlers' environment, then (and only then) modules that read it.
  const eventBridgePort = await freePort();
  // Without ERP_URL the built-in ERP simulator stands in (PRODUCT.md section 3).
  const erpSimulator = config.erpUrl
    ? undefined
    : await startErpSimulator({
        host: '127.0.0.1',
        callbackSecret: erpCallbackSecret,
        callbackUrl: `${apiUrl(config)}/v1/public/erp/callbacks`,
      });
  Object.assign(process.env, handlerEnvironment(config, eventBridgePort), {
    ERP_CALLBACK_SECRET: erpCallbackSecret,
    // Survey links in ticket mail point at this instance's API.
    PUBLIC_API_URL: apiUrl(config),
    ...(erpSimulator ? { ERP_URL: erpSimulator.url } : {}),
  });
  const catalog = await loadCatalog(log);

  const parts: Record<string, PartState> = {
    api: 'starting',
    dynamodb: 'starting',
    ses: 'starting',
    eventBus: 'starting',
    outboxPoller: 'starting',
  };
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  if (erpSimulator) stops.push({ name: 'erpSimulator', stop: erpSimulator.stop });
  // Where CLI commands (`frontoffice redrive`) find this instance; removed again on stop.
  const runtimeFile = join(config.dataDir, 'runtime.json');
  stops.push({ name: 'runtimeFile', stop: async () => rmSync(runtimeFile, { force: true }) });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // The API stops taking requests first, the poller and bus drain, Java goes last.
      const order = [
        'runtimeFile',
        'smtp',
        'api',
        'outboxPoller',
        'eventBus',
        'erpSimulator',
        'ses',
        'dynamodb',
      ];
      stops.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
      for (const part of stops) {
        try {
          await part.stop();
        } catch {
          // Keep stopping the others; a part that fails to stop must not leave Java behind.
        }
        parts[part.name] = 'stopped';
      }
    })();
    return stopping;
  };

  try {
    let http: RunningHttpServer;
    try {
      http = await startHttpServer({
        port: config.port,
        host: config.host,
        catalog,
        verifyToken: createTokenVerifier(secret),
        health: () => ({
          ready: Object.values(parts).every((state) => state === 'ready'),
          parts: { ...parts },
        }),
        quiet: options.quiet ?? false,
        log,
        region: config.region,
      });
    } catch (error) {
      throw listenFailure(error, config.port, 'PORT');
    }
    stops.push({ name: 'api', stop: http.close });
    parts.api = 'ready';

    const inbox = await startSesLocal({ port: config.sesPort, host: config.host }).catch((error: unknown) => {
      throw listenFailure(error, config.sesPort, 'SES_PORT');
    });
    stops.push({ name: 'ses', stop: inbox.close });
    parts.ses = 'ready';

    const dynamo: DynamoDbChild = await startDynamoDbChild({
      port: config.dynamoDbPort,
      dir: dynamoDir,
      dirLabel: dynamoLabel,
    });
    stops.push({ name: 'dynamodb', stop: dynamo.stop });
    dynamo.process.once('exit', (code, signal) => {
      if (stopping) return;
      parts.dynamodb = 'stopped';
      options.onFatal?.(
        new UserFacingError(
          `DynamoDB Local stopped unexpectedly (${signal ?? `exit code ${code}`}): start Front Office again.`,
        ),
      );
    });
    try {
      await ensureTable(dynamo.endpoint, config.tableName);
    } catch (error) {
      if (dynamoDir)
        throw new UserFacingError(
          `The data directory ${dynamoLabel} is unreadable or corrupt: move it away or start with --memory.`,
        );
      throw error;
    }
    parts.dynamodb = 'ready';

    // ---- EventBridge + SQS emulation and the outbox poller (local/bus, local/outbox-poller.ts) ----
    // Imported here, after the environment is set: both read shared/platform/env.ts at import.
    const { startBusEmulator } = await import('../bus/eventbridge-server.ts');
    const bus = await startBusEmulator({ port: eventBridgePort, host: '127.0.0.1' }).catch(
      (error: unknown) => {
        throw listenFailure(error, eventBridgePort, 'the event bus');
      },
    );
    stops.push({ name: 'eventBus', stop: bus.stop });
    parts.eventBus = 'ready';

    const { createOutboxPoller } = await import('../outbox-poller.ts');
    const poller = createOutboxPoller({ endpoint: dynamo.endpoint, tableName: config.tableName });
    poller.start();
    stops.push({ name: 'outboxPoller', stop: poller.stop });
    parts.outboxPoller = 'ready';

    // EventBridge Scheduler emulation: fires the one-time schedules kept in the table (SLA breaches).
    const { createLocalScheduler, loadTarget } = await import('../scheduler/scheduler.ts');
    const localScheduler = createLocalScheduler();
    localScheduler.start();
    stops.push({ name: 'scheduler', stop: localScheduler.stop });
    /** A recurring job, first run a minute after start. */
    const every = (name: string, intervalMs: number, job: () => Promise<unknown>): void => {
      const firstRun = setTimeout(job, 60_000);
      const repeat = setInterval(job, intervalMs);
      firstRun.unref();
      repeat.unref();
      stops.push({
        name,
        stop: async () => {
          clearTimeout(firstRun);
          clearInterval(repeat);
        },
      });
    };
    // Daily jobs (on AWS EventBridge rules `rate(1 day)` with input `{ daily: true }`): time-based
    // segments and enrollments of segment-triggered sequences; churn risks that time has moved.
    every('sequencesDaily', 24 * 3600 * 1000, async () => {
      for (const job of ['sequence-step', 'customer-value']) {
        await loadTarget(job)
          .then((target) => target({ daily: true }))
          .catch((error: unknown) => log(`Daily job ${job} failed: ${(error as Error).message}`));
      }
    });
    // Dimensions snapshot into <dataDir>/lake/dimensions (on AWS: EventBridge Scheduler, hourly).
    const { LOCAL_SNAPSHOT_INTERVAL_MS, runLocalSnapshot } = await import('../lake/snapshot.ts');
    every('dimensionsSnapshot', LOCAL_SNAPSHOT_INTERVAL_MS, () =>
      runLocalSnapshot(config.dataDir).catch((error: unknown) =>
        log(`Dimensions snapshot failed: ${(error as Error).message}`),
      ),
    );
    // ---- end of the bus section ----

    // ---- SES event publishing emulation (local/ses-events): Send + Delivery for sent campaign and
    // sequence mail, other events on demand (POST /_local/ses/events) → email-feedback ----
    const { startSesEventsEmulator } = await import('../ses-events/ses-events-emulator.ts');
    const sesEvents = await startSesEventsEmulator({ sesUrl: inbox.url, dataDir: config.dataDir });
    stops.push({ name: 'sesEvents', stop: sesEvents.stop });

    // ---- Inbound mail: SMTP on SMTP_PORT into the same use case as SES receiving on AWS ----
    const { startInboundSmtp } = await import('../smtp/inbound-smtp.ts');
    const smtp = await startInboundSmtp({
      port: config.smtpPort,
      host: config.host,
      dataDir: config.dataDir,
      log,
    }).catch((error: unknown) => {
      // The default port being busy (another instance) only turns inbound mail off; a port the
      // user chose with SMTP_PORT must work.
      if (process.env.SMTP_PORT?.trim() || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
        throw listenFailure(error, config.smtpPort, 'SMTP_PORT');
      }
      log(
        `WARNING: port ${config.smtpPort} (SMTP_PORT) is in use: inbound mail is off; set SMTP_PORT=<a free port>.`,
      );
      return undefined;
    });
    if (smtp) {
      stops.push({ name: 'smtp', stop: smtp.close });
      log(
        `  SMTP inbound ${smtp.url}   (mail → tickets; attachments under ${join(config.dataDirLabel, 'attachments')})`,
      );
    }

    const urls = {
      api: http.url,
      inbox: inbox.url,
      dynamodb: `http://${urlHost('127.0.0.1')}:${config.dynamoDbPort}`,
      eventBus: bus.endpoint,
      erp: erpSimulator?.url ?? config.erpUrl ?? '',
      smtp: smtp?.url ?? '',
    };
    writeFileSync(runtimeFile, `${JSON.stringify({ pid: process.pid, ...urls }, null, 2)}\n`, {
      mode: 0o600,
    });

    return {
      urls,
      erpSimulated: erpSimulator !== undefined,
      dynamoDbPid: dynamo.pid,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** The API catalog, imported once the environment is set (feature modules may read it). */
const loadCatalog = async (log: (line: string) => void): Promise<readonly FeatureApi[]> => {
  try {
    const { apiCatalog } = await import('#shared/api-catalog.ts');
    return apiCatalog;
  } catch (error) {
    // A feature module that does not load must not hide the rest of the stack; say so loudly.
    log(`WARNING: the API catalog did not load (${(error as Error).message}); only /health answers.`);
    return [];
  }
};
