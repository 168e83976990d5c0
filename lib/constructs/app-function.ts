import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { INDEXES } from '#shared/platform/db/keys.ts';
import { physicalName } from '../stage.ts';
import { LAMBDA_BUNDLING } from './lambda-bundling.ts';

/** The repository root: `functions/`, `package-lock.json` and `tsconfig.json` live there. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/** Table actions a function may be granted; a closed list so nobody grants `dynamodb:*`. */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:ConditionCheckItem';

const WRITE_ACTIONS: readonly TableAction[] = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

export type AppFunctionProps = {
  stage: string;
  /** `functions/<name>/<name>.handler.ts`; the function is called `frontoffice-<stage>-<name>`. */
  name: string;
  description?: string;
  /** @default 10 seconds */
  timeout?: Duration;
  /** @default 512 MB: arm64 Node functions with the SDK bundled start fastest around here. */
  memorySize?: number;
  logRetention: logs.RetentionDays;
  /** Merged over the defaults (STAGE, POWERTOOLS_*); never replaces them. */
  environment?: Record<string, string>;
};

/** Path of a function's entry file, relative to the project root. */
export const entryOf = (name: string): string => join('functions', name, `${name}.handler.ts`);

/**
 * The one construct every Lambda goes through, so the defaults live once: Node 24 on arm64, its
 * own log group with retention, X-Ray tracing, local esbuild bundling to minified ESM with the
 * AWS SDK inside, and `bind*` helpers that grant exactly what is needed and set the matching
 * environment variable.
 */
export class AppFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const entry = join(PROJECT_ROOT, entryOf(props.name));
    if (!existsSync(entry)) {
      throw new Error(`AppFunction ${props.name}: entry ${entryOf(props.name)} does not exist.`);
    }
    this.functionName = physicalName(props.stage, props.name);

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${this.functionName}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: logs only to this function's group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      functionName: this.functionName,
      description: props.description,
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(10),
      memorySize: props.memorySize ?? 512,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        STAGE: props.stage,
        POWERTOOLS_SERVICE_NAME: `frontoffice-${props.name}`,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        target: LAMBDA_BUNDLING.target,
        platform: LAMBDA_BUNDLING.platform,
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: false,
        forceDockerBundling: false,
        // Bundle the AWS SDK too: a pinned, tree-shaken SDK instead of whatever the runtime ships.
        externalModules: [],
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
      },
    });

    // X-Ray's PutTraceSegments/PutTelemetryRecords have no resource-level permissions.
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) supports no resource-level permissions; CDK adds it for Tracing.ACTIVE.',
    });
  }

  /** Sets (adds or overrides) one environment variable. */
  addEnvironment(key: string, value: string): this {
    this.function.addEnvironment(key, value);
    return this;
  }

  /**
   * Grants exactly `actions` on the table (and its indexes when `Query` is among them), the
   * matching KMS use of the table key, and sets TABLE_NAME. TransactWriteItems needs no action
   * of its own: DynamoDB authorises each item with PutItem/UpdateItem/DeleteItem/ConditionCheckItem.
   */
  bindTable(table: dynamodb.ITable, actions: readonly TableAction[]): this {
    if (actions.length === 0) throw new Error(`${this.functionName}: bindTable needs at least one action.`);
    const indexArns = Object.keys(INDEXES).map((index) => `${table.tableArn}/index/${index}`);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [...new Set(actions)].sort(),
        resources: [table.tableArn, ...(actions.includes('dynamodb:Query') ? indexArns : [])],
      }),
    );
    if (table.encryptionKey) {
      // Reads decrypt the table key; writes also encrypt with it. Named actions, no `kms:*Encrypt*`.
      const writes = actions.some((action) => WRITE_ACTIONS.includes(action));
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: writes
            ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
            : ['kms:Decrypt', 'kms:DescribeKey'],
          resources: [table.encryptionKey.keyArn],
        }),
      );
    }
    return this.addEnvironment('TABLE_NAME', table.tableName);
  }

  /**
   * Only ses:SendEmail, and only as this SES identity (a verified domain or address, by ARN);
   * sets MAIL_FROM to the sender, which must belong to the identity.
   */
  bindSes(identityArn: string, from: string): this {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn] }),
    );
    return this.addEnvironment('MAIL_FROM', from);
  }

  /** Reads one secret (GetSecretValue/DescribeSecret on it alone); sets `envName` to its name. */
  bindSecret(secret: secretsmanager.ISecret, envName: string): this {
    secret.grantRead(this.role);
    return this.addEnvironment(envName, secret.secretName);
  }

  /** Only events:PutEvents on this one bus; sets EVENT_BUS_NAME. */
  bindEventBus(bus: events.IEventBus): this {
    bus.grantPutEventsTo(this.role);
    return this.addEnvironment('EVENT_BUS_NAME', bus.eventBusName);
  }
}
