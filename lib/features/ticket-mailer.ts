import { Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type { TableAction } from '../constructs/app-function.ts';
import { defineFeature } from './feature.ts';
import { bindSurveySecret } from './surveys.ts';

/** Reads ticket, messages and contact; claims sent-markers (Put, Delete on failure); records Message-IDs. */
const TICKET_MAILER_TABLE: readonly TableAction[] = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

const DEFAULT_FROM = 'Front Office Service <service@frontoffice.example>';

/**
 * Ticket mail (consumer of the `ticket-mail` queue): acknowledgments, agent replies and the
 * CSAT/NPS survey, through SES as one identity (`-c serviceMailFrom=…`, `-c sesIdentity=…`). Survey
 * links point at `-c publicApiUrl=…`, by default the stage's HTTP API.
 */
export const ticketMailerFeature = defineFeature({
  functionName: 'ticket-mailer',
  description: 'Front Office ticket mail: acknowledgment, agent replies, CSAT/NPS survey (SES v2)',
  memorySize: 256,
  wire: (fn, { table, stage }) => {
    fn.bindTable(table, TICKET_MAILER_TABLE);
    const from = String(fn.node.tryGetContext('serviceMailFrom') ?? DEFAULT_FROM);
    const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
    const identity = String(fn.node.tryGetContext('sesIdentity') ?? address.split('@')[1] ?? address);
    fn.bindSes(
      Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
      from,
    );
    bindSurveySecret(fn, stage);
    const configured: unknown = fn.node.tryGetContext('publicApiUrl');
    const httpApi = Stack.of(fn).node.tryFindChild('HttpApi') as apigw.HttpApi | undefined;
    const url = typeof configured === 'string' && configured ? configured : httpApi?.apiEndpoint;
    if (url) fn.addEnvironment('PUBLIC_API_URL', url);
  },
});
