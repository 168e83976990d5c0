/** Configuration read from the environment once; the same names on AWS and locally. */
export type PlatformEnv = {
  tableName: string;
  region: string;
  /** Set locally (DynamoDB Local); unset on AWS. */
  dynamoEndpoint: string | undefined;
  sesEndpoint: string | undefined;
  eventBusName: string;
  /** Largest request body the API accepts, in bytes. */
  maxBodyBytes: number;
  /** Requests per client and minute on public routes. */
  publicRateLimitPerMinute: number;
  stage: string;
};

const intFrom = (value: string | undefined, fallback: number): number => {
  const parsed = Number.parseInt(value ?? '', 10);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};

export const readEnv = (source: NodeJS.ProcessEnv = process.env): PlatformEnv => ({
  tableName: source.TABLE_NAME ?? 'frontoffice-local',
  region: source.AWS_REGION ?? 'eu-central-1',
  dynamoEndpoint: source.DYNAMODB_ENDPOINT || undefined,
  sesEndpoint: source.SES_ENDPOINT || undefined,
  eventBusName: source.EVENT_BUS_NAME ?? 'frontoffice-local',
  maxBodyBytes: intFrom(source.MAX_BODY_BYTES, 1024 * 1024),
  publicRateLimitPerMinute: intFrom(source.PUBLIC_RATE_LIMIT_PER_MINUTE, 60),
  stage: source.STAGE ?? 'local',
});

export const env: PlatformEnv = readEnv();
