import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { TableAction } from '../constructs/app-function.ts';
import { physicalName } from '../stage.ts';
import { defineFeature, TABLE_RECORDS } from './feature.ts';

/** Ticket reads, the answer's transaction (ticket, claim, outbox), the per-client rate-limit counter. */
const SURVEYS_TABLE: readonly TableAction[] = TABLE_RECORDS;

/**
 * The survey secret: a Secrets Manager secret the operator creates (docs/inbound-mail.md), named
 * `frontoffice-<stage>-survey-token` or `-c surveyTokenSecretName=…`. The mailer signs links with
 * it, the public survey API verifies them.
 */
export const bindSurveySecret = (
  fn: Parameters<Parameters<typeof defineFeature>[0]['wire']>[0],
  stage: string,
) => {
  const name: unknown = fn.node.tryGetContext('surveyTokenSecretName');
  const secret = secretsmanager.Secret.fromSecretNameV2(
    fn,
    'SurveyTokenSecret',
    typeof name === 'string' && name ? name : physicalName(stage, 'survey-token'),
  );
  fn.bindSecret(secret, 'SURVEY_TOKEN_SECRET_ID');
};

/** The public survey API (`/v1/public/surveys/{token}`): verifies the signed link, records the answer once. */
export const surveysFeature = defineFeature({
  functionName: 'surveys',
  description: 'Front Office CSAT/NPS survey: signed single-use links, answers on the ticket',
  memorySize: 256,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, SURVEYS_TABLE);
    bindSurveySecret(fn, stage);
  },
});
