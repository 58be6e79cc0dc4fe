import { ArnFormat, Duration, Fn, RemovalPolicy, Size, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DEFAULT_CDC_APPLY_SCHEDULE } from '../../config/cdcSettings';
import { scheduleExpressionProblem } from '../../config/scheduleExpression';
import { effectiveMode } from '../../config/sourceDefaults';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { metricsNamespace, stateMachineName as pipelineStateMachineName } from '../../core/naming';
import { sourceManifestPrefix, tablePrefix } from '../../core/pipeline/curatedLayout';
import type { ApplyChangesEnvironment } from '../../tasks/applyChanges/applyChangesSettingsSchema';
import type { CdcPlanEnvironment } from '../../tasks/cdcPlan/cdcPlanSettingsSchema';
import type { CommitEnvironment } from '../../tasks/commit/commitSettingsSchema';
import { GLUE_READ_ACTIONS, grantCatalogAccess } from '../grants/grantCatalogAccess';
import { grantCommitAccess } from '../grants/grantCommitAccess';
import { grantListPrefix } from '../grants/grantListPrefix';
import { grantSecretValue } from '../grants/grantSecretValue';
import { pipelineFunction } from '../lambda/pipelineFunction';
import { replicaConnectionEnvironment } from '../replica/replicaConnectionEnvironment';
import { REPLICA_CONNECTION_ERRORS, replicaConnectionRetry } from '../replica/replicaConnectionRetry';
import { lakeRolePaths } from '../security/lakeRolePaths';
import type { SourceReplica } from '../source/SourceReplica';
import { catchTableFailure, tableFailed } from '../stateMachine/catchTableFailure';
import { failWhenTablesFailed } from '../stateMachine/failWhenTablesFailed';
import { foreignSourceIssues } from '../stateMachine/foreignSourceIssues';
import type { PipelineBaseProps } from '../stateMachine/PipelineBaseProps';
import { pipelineConfig } from '../stateMachine/pipelineConfig';
import { pipelineStateMachine } from '../stateMachine/pipelineStateMachine';
import { runStartStates } from '../stateMachine/runStartStates';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import type { CdcReplication } from './CdcReplication';

/** Props of {@link CdcApplyPipeline}. */
export interface CdcApplyPipelineProps extends PipelineBaseProps {
  /** The source's DMS replication: where the changes land, and the grant to read them. */
  readonly replication: CdcReplication;
  /** The source's read replica(s): the plan reads each table's columns and primary key on the first. */
  readonly replica: SourceReplica;
  /** The VPC the plan runs in, with a route to the replica. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of `vpc` the plan runs in.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * The EventBridge schedule expression that starts an apply run.
   *
   * @default - the source's `cdc.applySchedule` (itself `rate(15 minutes)` by default)
   */
  readonly schedule?: string;
  /**
   * Tables applied at the same time. The apply reads no database: only Lambda and S3 bound it.
   *
   * @default 4
   */
  readonly tableConcurrency?: number;
  /**
   * Memory of the apply Lambda in MiB; DuckDB's memory limit follows it.
   *
   * @default 2048
   */
  readonly applyMemorySize?: number;
  /**
   * The longest a run may take.
   *
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
}

/**
 * The scheduled apply of one source's `cdc` tables: a Step Functions state machine
 * (`<lake>-<source>-cdc`, input `{ runId? }`) that gives each table its next version from the
 * changes DMS wrote since the version readers see, with the Lambdas it calls and its schedule.
 *
 * 1. fails fast with `AlreadyRunning` while another execution of it runs (two applies of one
 *    table would read the same base), and settles the run id;
 * 2. a Map over the source's cdc tables (`tableConcurrency` at a time), per table: `Plan` (the
 *    cdc plan Lambda, in the VPC: the table's columns and primary key on the replica, the
 *    catalog's known columns, the run its view shows), `Apply` (the apply Lambda: the DMS files
 *    after the base run's position, applied on the base run into the next version's run, see
 *    `applyChangesTask`), then `Commit` (the commit step every pipeline uses: readers switch to the
 *    version in one view update, never seeing half a batch) when there was anything new;
 * 3. a table whose plan, apply or commit fails ends its iteration in `Table: table failed` (its
 *    cause naming the table and the error, see `catchTableFailure`) while the others go on; the
 *    run then ends in `Tables failed` (`TableFailed`) naming each (see `failWhenTablesFailed`).
 *    Its position stays with its base run: the next apply reads the same files again.
 *
 * Least privilege: the plan reads the replica's catalog (its credentials secret, the replica's
 * security group) and the source's Glue database; the apply lists and reads the source's DMS
 * prefix (raw key, raw role path: `CdcReplication.grantReadChanges`), reads and writes each cdc
 * table's curated folder and manifests only (curated key) and reads the masking salt; the commit
 * has the commit grants of every pipeline.
 *
 * @example
 * ```ts
 * const apply = new CdcApplyPipeline(this, 'CdcApply', {
 *   config, source, storage: foundation.storage, database, maskingSalt: foundation.maskingSalt,
 *   replication: cdc, replica, vpc: foundation.network.vpc,
 * });
 * apply.grantStartExecution(operatorRole);
 * ```
 */
export class CdcApplyPipeline extends Construct {
  /** The apply run's state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /** Plans one cdc table's next version. */
  public readonly planFunction: lambda.IFunction;
  /** Applies one cdc table's new changes on its base run into the next version's run. */
  public readonly applyFunction: lambda.IFunction;
  /** Verifies a table's version and switches its Glue table to it (the shared commit step). */
  public readonly commitFunction: lambda.IFunction;
  /** The state machine's log group, encrypted with {@link logKey}. */
  public readonly logGroup: logs.LogGroup;
  /** Encrypts the state machine's and the Lambdas' log groups. */
  public readonly logKey: kms.IKey;
  /** The rule that starts a run on the schedule. */
  public readonly scheduleRule: events.Rule;

  public constructor(scope: Construct, id: string, props: CdcApplyPipelineProps) {
    super(scope, id);
    const { config, source, storage, replica, replication } = props;
    const tables = source.tables.filter((table) => effectiveMode(table, source) === 'cdc');
    const tableConcurrency = props.tableConcurrency ?? 4;
    validateProps(this.node.path, props, tables.length, tableConcurrency);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    this.logKey = storage.operationsKey;
    // The apply decrypts raw changes: the raw key lets only the raw path decrypt.
    const rolePath = lakeRolePaths(config.name).raw;
    const defaults = {
      logRetention,
      logEncryptionKey: this.logKey,
      removalPolicy,
      pipeline: 'cdc',
      rolePath,
    };

    const plan = pipelineFunction(this, 'Plan', {
      ...defaults,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      name: 'cdc-plan',
      description: `Plans the next version of a ${source.name} cdc table from the replica's catalog`,
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: {
        ...replicaConnectionEnvironment(source, replica),
        REPLICA_HOSTS: Fn.join(',', [...replica.pipelineHosts]),
        GLUE_DATABASE: props.database.databaseName,
      } satisfies CdcPlanEnvironment,
    });
    const apply = pipelineFunction(this, 'Apply', {
      ...defaults,
      name: 'apply-changes',
      description: `Applies the DMS changes of a ${source.name} cdc table on its last version`,
      memorySize: props.applyMemorySize ?? 2048,
      timeout: Duration.minutes(15),
      ephemeralStorageSize: Size.gibibytes(10),
      nodeModules: ['@duckdb/node-api'],
      environment: {
        RAW_BUCKET: storage.rawBucket.bucketName,
        CDC_PREFIX: replication.rawPrefix,
        CURATED_BUCKET: storage.curatedBucket.bucketName,
        MASKING_SALT_SECRET_ARN: props.maskingSalt.secretArn,
      } satisfies ApplyChangesEnvironment,
    });
    const commit = pipelineFunction(this, 'Commit', {
      ...defaults,
      name: 'commit',
      description: `Verifies and commits one ${source.name} cdc table's version to Glue`,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: {
        GLUE_DATABASE: props.database.databaseName,
        CURATED_BUCKET: storage.curatedBucket.bucketName,
        CURATED_RUNS_TO_KEEP: String(config.storage.curatedRunsToKeep),
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(config.name),
      } satisfies CommitEnvironment,
    });
    this.planFunction = plan;
    this.applyFunction = apply;
    this.commitFunction = commit;

    replica.allowConnectionsFrom(plan);
    grantSecretValue(this, plan, { secretArn: source.credentialsSecretArn });
    grantCatalogAccess(this, plan, props.database, GLUE_READ_ACTIONS);
    replication.grantReadChanges(apply);
    for (const table of tables) {
      // The table's versions and their manifests (with the position each applied through).
      for (const prefix of [
        tablePrefix(source.name, table.name),
        `${sourceManifestPrefix(source.name)}${table.name}/`,
      ]) {
        storage.grantReadCurated(apply, `${prefix}*`);
        storage.grantWriteCurated(apply, `${prefix}*`);
        grantListPrefix(storage.curatedBucket, apply, prefix);
      }
    }
    grantSecretValue(this, apply, {
      // A partial ARN (no random suffix) matches the secret only with the suffix's wildcard.
      secretArn: props.maskingSalt.secretFullArn ?? `${props.maskingSalt.secretArn}-??????`,
      encryptionKey: props.maskingSalt.encryptionKey,
    });
    grantCommitAccess(this, storage, commit, source.name, props.database);

    // With the network: the config refuses cdc settings without network.vpcId, so the plan's
    // re-validation of the subset would fail without it.
    const planConfig = {
      ...pipelineConfig(config, source),
      network: JSON.parse(JSON.stringify(config.network)),
    };
    const perTable = tableStates(this, { config: planConfig, plan, apply, commit });
    const byTable = new sfn.Map(this, 'Tables', {
      itemsPath: '$.cdcTables',
      itemSelector: {
        source: source.name,
        table: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
        runId: sfn.JsonPath.stringAt('$.run.runId'),
      },
      maxConcurrency: tableConcurrency,
      // Each iteration ends with `{}` or `{ failed: <table> }`: the distinct ones, as one JSON text.
      resultSelector: {
        results: sfn.JsonPath.jsonToString(sfn.JsonPath.arrayUnique(sfn.JsonPath.listAt('$'))),
      },
      resultPath: '$.tables',
    });
    byTable.itemProcessor(perTable);
    const listTables = new sfn.Pass(this, 'The cdc tables', {
      result: sfn.Result.fromArray(tables.map((table) => table.name)),
      resultPath: '$.cdcTables',
    });

    const stateMachineName = pipelineStateMachineName(config.name, source.name, 'cdc');
    const definition = runStartStates(this, {
      sourceName: source.name,
      pipeline: 'cdc apply',
      stateMachineArn: Stack.of(this).formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      next: listTables.next(byTable).next(
        failWhenTablesFailed(this, {
          resultsPath: '$.tables.results',
          next: new sfn.Succeed(this, 'Every table applied'),
        }),
      ),
    });

    const schedule = props.schedule ?? source.cdc?.applySchedule ?? DEFAULT_CDC_APPLY_SCHEDULE;
    const run = pipelineStateMachine(this, {
      stateMachineName,
      comment: `CDC apply of source ${source.name}: per table, plan, apply the new DMS changes, commit`,
      definition,
      timeout: props.timeout ?? Duration.hours(2),
      logRetention,
      logKey: this.logKey,
      removalPolicy,
      rolePath,
      schedule: { expression: schedule, description: `Starts the ${source.name} cdc apply` },
    });
    this.logGroup = run.logGroup;
    this.stateMachine = run.stateMachine;
    // pipelineStateMachine makes the rule whenever a schedule is given, as here.
    this.scheduleRule = run.scheduleRule as events.Rule;
    // Only tracing needs `*` here: the states call Lambda only.
    for (const scope of [this.stateMachine, this.stateMachine.role]) {
      Validations.of(scope).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing: xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules and GetSamplingTargets have no resource-level permissions.',
      });
    }
  }

  /**
   * Grants starting a run (`states:StartExecution` on this state machine).
   *
   * @param grantee e.g. an operator role or the CLI's user
   */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantStartExecution(grantee);
  }
}

/** The states of one table's iteration: plan, apply, commit when there was anything new. */
function tableStates(
  scope: Construct,
  props: {
    readonly config: Record<string, unknown>;
    readonly plan: lambda.IFunction;
    readonly apply: lambda.IFunction;
    readonly commit: lambda.IFunction;
  },
): sfn.IChainable {
  const invoke = (
    id: string,
    fn: lambda.IFunction,
    input: { readonly payload: sfn.TaskInput } | { readonly inputPath: string },
    resultPath: string,
  ) => {
    const task = new tasks.LambdaInvoke(scope, id, {
      lambdaFunction: fn,
      ...input,
      payloadResponseOnly: true,
      // Replaced by transientRetry below, which adds jitter and a delay cap.
      retryOnServiceExceptions: false,
      resultPath,
    });
    task.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
    return task;
  };
  const plan = invoke(
    'Plan the table',
    props.plan,
    {
      payload: sfn.TaskInput.fromObject({
        config: props.config,
        source: sfn.JsonPath.stringAt('$.source'),
        table: sfn.JsonPath.stringAt('$.table'),
        runId: sfn.JsonPath.stringAt('$.runId'),
      }),
    },
    '$.planned',
  );
  plan.addRetry(replicaConnectionRetry(REPLICA_CONNECTION_ERRORS));
  // `{ plan, baseRunId? }` as the plan returned it, by InputPath ("Use InputPath to select a portion
  // of the state input"): a payload path to an absent base run would fail the state, and a payload
  // of one path synthesizes `"Parameters": "$.planned"`, where Parameters is "a collection of
  // key-value pairs" ("Manipulate parameters in Step Functions workflows",
  // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html).
  const apply = invoke('Apply the changes', props.apply, { inputPath: '$.planned' }, '$.applied');
  const commit = invoke(
    'Commit the version',
    props.commit,
    {
      payload: sfn.TaskInput.fromObject({ plan: sfn.JsonPath.objectAt('$.applied.plan'), expectedParts: 1 }),
    },
    sfn.JsonPath.DISCARD,
  );
  catchTableFailure(scope, [plan, apply, commit], { id: 'Table:', planPath: '$' }).next(
    tableFailed(scope, 'Table:'),
  );
  // A table's iteration ends with `{}` whether a version was committed or nothing was new.
  const done = new sfn.Pass(scope, 'Table done', { outputPath: sfn.JsonPath.DISCARD });
  return plan
    .next(apply)
    .next(
      new sfn.Choice(scope, 'Anything new?')
        .when(sfn.Condition.booleanEquals('$.applied.applied', true), commit.next(done))
        .otherwise(done),
    );
}

function validateProps(
  constructPath: string,
  props: CdcApplyPipelineProps,
  tableCount: number,
  tableConcurrency: number,
): void {
  const issues: ConfigIssue[] = foreignSourceIssues(props);
  const { source } = props;
  if (tableCount === 0) {
    issues.push({
      path: 'source.tables',
      message: `source "${source.name}" lists no table in mode cdc; a cdc apply pipeline needs at least one`,
    });
  }
  if (!Number.isInteger(tableConcurrency) || tableConcurrency < 1 || tableConcurrency > 40) {
    issues.push({
      path: 'tableConcurrency',
      message: `got ${tableConcurrency}; must be a whole number from 1 to 40`,
    });
  }
  const schedule = props.schedule;
  const scheduleProblem =
    schedule === undefined || Token.isUnresolved(schedule) ? undefined : scheduleExpressionProblem(schedule);
  if (scheduleProblem !== undefined) issues.push({ path: 'schedule', message: scheduleProblem });
  const memory = props.applyMemorySize;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 1024 || memory > 10240)) {
    issues.push({
      path: 'applyMemorySize',
      message: `got ${memory} MiB; must be a whole number from 1024 (DuckDB needs room) to 10240 (Lambda's maximum)`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
