import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { AppFunction } from '../constructs/app-function.ts';
import { physicalName } from '../stage.ts';
import { bindConsentTokenSecret } from './consent-token-secret.ts';
import { bindConfiguredSes } from './mail-identity.ts';

/** ARNs of this stage's campaign configuration sets and SES template copies (names in shared/). */
const campaignSesArns = (fn: AppFunction, stage: string) => {
  const stack = Stack.of(fn);
  return {
    configurationSets: stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: `${physicalName(stage, 'campaign')}-*`,
    }),
    templates: stack.formatArn({
      service: 'ses',
      resource: 'template',
      resourceName: `${physicalName(stage, '')}*`,
    }),
  };
};

/** The two name patterns are the narrowest SES allows: one stage's campaigns and template copies. */
const acknowledgeCampaignSesPatterns = (fn: AppFunction, stage: string): void => {
  const arn = (resource: string) =>
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:${resource}]`;
  Validations.of(fn.role).acknowledge({
    id: arn(`template/${physicalName(stage, '')}*`),
    reason:
      "This stage's SES template copies only (frontoffice-<stage>-<templateId>-<language>, created at campaign start).",
  });
  Validations.of(fn.role).acknowledge({
    id: arn(`configuration-set/${physicalName(stage, 'campaign')}-*`),
    reason:
      "This stage's campaign configuration sets only (frontoffice-<stage>-campaign-<id>, one per campaign).",
  });
};

/**
 * Campaign preparation: the SES template copies of this stage (create/update/delete) and the
 * campaigns' configuration sets with their EventBridge destination (the account's default bus, the
 * only one SES publishes to; set as CAMPAIGN_EVENT_BUS_ARN).
 */
export const bindCampaignSesSetup = (fn: AppFunction, stage: string): void => {
  const arns = campaignSesArns(fn, stage);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:CreateEmailTemplate', 'ses:UpdateEmailTemplate', 'ses:DeleteEmailTemplate'],
      resources: [arns.templates],
    }),
  );
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:CreateConfigurationSet', 'ses:CreateConfigurationSetEventDestination'],
      resources: [arns.configurationSets],
    }),
  );
  fn.addEnvironment(
    'CAMPAIGN_EVENT_BUS_ARN',
    Stack.of(fn).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' }),
  );
  acknowledgeCampaignSesPatterns(fn, stage);
};

/**
 * Campaign sending: SendBulkEmail (and SendEmail) as the configured identity, with this stage's
 * templates and campaign configuration sets; GetAccount for the send quota (no resource-level
 * permission exists for it); the consent-token secret for the signed unsubscribe links.
 */
export const bindCampaignSending = (fn: AppFunction, stage: string): void => {
  bindConfiguredSes(fn);
  const arns = campaignSesArns(fn, stage);
  const from = String(fn.node.tryGetContext('mailFrom') ?? 'Front Office <noreply@frontoffice.example>');
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const identity = String(fn.node.tryGetContext('sesIdentity') ?? address.split('@')[1] ?? address);
  fn.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendBulkEmail', 'ses:SendEmail'],
      resources: [
        Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        arns.configurationSets,
        arns.templates,
      ],
    }),
  );
  // GetAccount has no resource-level permission (covered by the function's [Resource::*] acknowledgement).
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
  acknowledgeCampaignSesPatterns(fn, stage);
  bindConsentTokenSecret(fn, stage);
};
