import { type CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsCustomResource, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';

export type AthenaView = {
  /** The view's name (`kpi_…`), as its SQL creates it. */
  name: string;
  /** One `CREATE OR REPLACE VIEW <name> AS …` statement (no comments, no semicolon). */
  sql: string;
};

export type AthenaViewsProps = {
  workGroup: athena.CfnWorkGroup;
  databaseName: string;
  /** The workgroup's results bucket: Athena writes each statement's (empty) result there. */
  resultsBucket: s3.IBucket;
  /** Prefix of every view name, for the least-privilege Glue grant (e.g. `kpi_`). */
  namePrefix: string;
  views: readonly AthenaView[];
  /** Tables and views the SQL reads: each view is created after them. */
  dependsOn: readonly IConstruct[];
  logRetention: logs.RetentionDays;
};

/**
 * Athena views created on deploy from SQL files: one `Custom::AthenaView` per view, an SDK call
 * `athena:StartQueryExecution` of its `CREATE OR REPLACE VIEW` in the workgroup (again when the SQL
 * changes) and `DROP VIEW IF EXISTS` on delete. Athena parses the SQL against the real tables and
 * stores the view in the Glue catalog. The call starts the query and does not wait for it: a view
 * whose SQL Athena rejects shows as a failed query in the workgroup's history, not as a failed
 * deployment (the SQL runs through DuckDB in the tests first, see analytics/README.md).
 */
export class AthenaViews extends Construct {
  readonly resources: AwsCustomResource[] = [];

  constructor(scope: Construct, id: string, props: AthenaViewsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const workGroupName = props.workGroup.name;
    const workGroupArn = stack.formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: workGroupName,
    });
    const glueArn = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName ? { resourceName } : {}) });

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Creates the Athena views (${props.namePrefix}*) of ${props.databaseName} in ${workGroupName}`,
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution'],
        resources: [workGroupArn],
      }),
    );
    // Athena runs the statement with the caller's rights: it reads the tables the view selects
    // from and writes the view into the catalog.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables'],
        resources: [
          glueArn('catalog'),
          glueArn('database', props.databaseName),
          glueArn('table', `${props.databaseName}/*`),
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'],
        resources: [
          glueArn('catalog'),
          glueArn('database', props.databaseName),
          glueArn('table', `${props.databaseName}/${props.namePrefix}*`),
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucket'],
        resources: [props.resultsBucket.bucketArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:AbortMultipartUpload'],
        resources: [props.resultsBucket.arnForObjects('athena/*')],
      }),
    );

    const context = {
      WorkGroup: workGroupName,
      QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: props.databaseName },
    };
    for (const view of props.views) {
      const statement = (QueryString: string) => ({
        service: 'Athena',
        action: 'startQueryExecution',
        parameters: { ...context, QueryString },
        physicalResourceId: PhysicalResourceId.of(`${props.databaseName}.${view.name}`),
      });
      const resource = new AwsCustomResource(this, `View-${view.name}`, {
        resourceType: 'Custom::AthenaView',
        onCreate: statement(view.sql),
        onUpdate: statement(view.sql),
        onDelete: statement(`DROP VIEW IF EXISTS ${view.name}`),
        role,
        logGroup,
        installLatestAwsSdk: false,
      });
      resource.node.addDependency(props.workGroup, role, ...props.dependsOn);
      this.resources.push(resource);
    }

    const reasons: [string, string][] = [
      [
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${props.databaseName}/*]`,
        'Athena reads the definitions of the tables a view selects from (events, dim_*) while it creates the view; the tables are in this one database.',
      ],
      [
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${props.databaseName}/${props.namePrefix}*]`,
        `Creates, replaces and drops only the views named ${props.namePrefix}* of this database.`,
      ],
      [
        `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.resultsBucket.node.defaultChild as CfnElement)}.Arn>/athena/*]`,
        'Athena writes the result object of each statement under the generated names of the workgroup output prefix.',
      ],
    ];
    for (const [findingId, reason] of reasons) Validations.of(role).acknowledge({ id: findingId, reason });
  }
}
