import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createFrontOffice, type FrontOfficeOptions, type FrontOfficeStacks } from '../../lib/frontoffice.ts';
import { parseStage } from '../../lib/stage.ts';

export type SynthesizedApp = {
  stacks: FrontOfficeStacks;
  templates: { [K in keyof FrontOfficeStacks]: Template };
};

/**
 * Builds the app exactly as `bin/app.ts` does, with cdk-nag AwsSolutions, and synthesizes it into
 * a fresh directory. `app.synth()` throws on any unacknowledged finding, so a caller that gets a
 * result knows the app is nag-clean. Bundling takes seconds: call once per test file.
 */
export const synthFrontOffice = (stage = 'test', options: FrontOfficeOptions = {}): SynthesizedApp => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'frontoffice-cdk-')), context: { stage } });
  const stacks = createFrontOffice(app, parseStage(app.node.tryGetContext('stage')), options);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  const templates = Object.fromEntries(
    Object.entries(stacks).map(([name, stack]) => [name, Template.fromStack(stack)]),
  ) as SynthesizedApp['templates'];
  return { stacks, templates };
};

type Resource = { Type: string; Properties?: Record<string, unknown> } & Record<string, unknown>;

/** Resources of one type in a template, by logical id. */
export const resourcesOf = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

type Statement = { Action: string | string[]; Effect: string; Resource: unknown };

/** Every IAM statement attached to a role (inline `AWS::IAM::Policy` resources), by role logical id. */
export const statementsByRole = (template: Template): Map<string, Statement[]> => {
  const byRole = new Map<string, Statement[]>();
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const props = policy.Properties as {
      Roles?: { Ref: string }[];
      PolicyDocument: { Statement: Statement[] };
    };
    for (const role of props.Roles ?? []) {
      byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...props.PolicyDocument.Statement]);
    }
  }
  return byRole;
};

export const actionsOf = (statements: readonly Statement[]): string[] =>
  statements.flatMap((statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action],
  );
