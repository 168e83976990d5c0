import { Logger } from '@aws-lambda-powertools/logger';

/** The process-wide structured logger. Log ids and outcomes, never names, emails or bodies. */
export const logger = new Logger({ serviceName: 'frontoffice' });
