import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createFrontOffice } from '../lib/frontoffice.ts';
import { parseStage } from '../lib/stage.ts';

// `npx cdk deploy --all -c stage=prod`; the stage defaults to `dev` (cdk.json context).
const app = new App();
const config = parseStage(app.node.tryGetContext('stage'));
const alarmEmail: unknown = app.node.tryGetContext('alarmEmail');
createFrontOffice(app, config, {
  alarmEmail: typeof alarmEmail === 'string' && alarmEmail ? alarmEmail : undefined,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
