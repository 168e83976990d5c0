import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AppFunction, type AppFunctionProps } from '../../lib/constructs/app-function.ts';
import type { FeatureResources, FeatureWiring } from '../../lib/features/feature.ts';
import { actionsOf, statementsByRole } from './synth-app.ts';

export type Probe = {
  stack: Stack;
  /** The stage `probe`, a table and a bus: what every feature is wired to. */
  resources: FeatureResources;
  /** An AppFunction `functions/<name>` of the probe stage, with construct id `id`. */
  fn: (id: string, name: string, props?: Partial<AppFunctionProps>) => AppFunction;
  /** The feature's function (`fn` for its `functionName`), wired to `resources`. */
  wire: (id: string, feature: FeatureWiring, props?: Partial<AppFunctionProps>) => AppFunction;
};

/**
 * A few features' wiring on their own, faster and more pointed than the whole app (synthFrontOffice):
 * a stack `Probe` with a table and a bus, what `build` adds to it, synthesized with cdk-nag
 * AwsSolutions, so any unacknowledged finding throws here. Bundling takes seconds: once per file.
 */
export const synthProbe = (build: (probe: Probe) => void): Template => {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'frontoffice-probe-')) });
  const stack = new Stack(app, 'Probe');
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  const resources: FeatureResources = { stage: 'probe', table, bus: new events.EventBus(stack, 'Bus') };
  const fn: Probe['fn'] = (id, name, props = {}) =>
    new AppFunction(stack, id, {
      stage: 'probe',
      name,
      logRetention: logs.RetentionDays.ONE_MONTH,
      ...props,
    });
  const wire: Probe['wire'] = (id, feature, props) => {
    const wired = fn(id, feature.functionName, props);
    feature.wire(wired, resources);
    return wired;
  };
  build({ stack, resources, fn, wire });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  app.synth();
  return Template.fromStack(stack);
};

/** The IAM actions granted to the role of the probe function with construct id `id`. */
export const roleActions = (template: Template, id: string): string[] => {
  const roles = statementsByRole(template);
  const role = [...roles.keys()].find((logicalId) => logicalId.startsWith(id));
  return actionsOf(roles.get(role as string) ?? []);
};
