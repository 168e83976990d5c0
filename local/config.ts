import { resolve } from 'node:path';

/** Everything the local runtime takes from the environment (PRODUCT.md section 3). */
export type LocalConfig = {
  /** HTTP API (API Gateway + Lambda stand-in). */
  port: number;
  /** aws-ses-v2-local: SES v2 wire API and inbox UI. */
  sesPort: number;
  /** DynamoDB Local. */
  dynamoDbPort: number;
  /** Inbound mail (SMTP); reserved for the tickets feature. */
  smtpPort: number;
  /** Interface every local part binds to. */
  host: string;
  /** Absolute path of the data directory (DynamoDB files, dev JWT secret, lake). */
  dataDir: string;
  /** As given in the environment, for messages. */
  dataDirLabel: string;
  erpUrl: string | undefined;
  tableName: string;
  eventBusName: string;
  region: string;
};

/**
 * A problem the user can fix (configuration, Java, a busy port, the data directory): the CLI prints
 * `message`, one line that says what to do, and exits 1 without a stack trace.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

const portFrom = (source: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = source[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UserFacingError(`${name}=${raw} is not a port: set ${name} to a number from 1 to 65535.`);
  }
  return port;
};

/** Reads and validates the local configuration; throws UserFacingError with a one-line fix. */
export const readLocalConfig = (
  source: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): LocalConfig => {
  const dataDirLabel = source.FRONTOFFICE_DATA_DIR?.trim() || '.frontoffice/';
  return {
    port: portFrom(source, 'PORT', 3000),
    sesPort: portFrom(source, 'SES_PORT', 8005),
    dynamoDbPort: portFrom(source, 'DYNAMODB_PORT', 8000),
    smtpPort: portFrom(source, 'SMTP_PORT', 2525),
    host: source.HOST?.trim() || '127.0.0.1',
    dataDir: resolve(cwd, dataDirLabel),
    dataDirLabel,
    erpUrl: source.ERP_URL?.trim() || undefined,
    tableName: source.TABLE_NAME?.trim() || 'frontoffice-local',
    eventBusName: source.EVENT_BUS_NAME?.trim() || 'frontoffice-local',
    region: source.AWS_REGION?.trim() || 'eu-central-1',
  };
};

/** A host usable in URLs (`0.0.0.0` and `::` listen everywhere; clients use loopback). */
export const urlHost = (host: string): string => {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
};

/** The base URL of the local HTTP API of this configuration. */
export const apiUrl = (config: Pick<LocalConfig, 'host' | 'port'>): string =>
  `http://${urlHost(config.host)}:${config.port}`;
