import { ArnFormat, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { PoolConfig, SourceConfig } from '../../config';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import { exportOnlyList } from '../../core/export/exportOnlyList';
import { listsTablesToExport } from '../../core/export/exportOnlyTargets';
import {
  exportPrefix as exportPrefixOf,
  exportTaskPrefix,
  metricsNamespace,
  stateMachineName as pipelineStateMachineName,
} from '../../core/naming';
import { partListKeyPattern } from '../../core/orchestration/partListKey';
import { snapshotPools } from '../../core/orchestration/snapshotPools';
import type { CommitEnvironment } from '../../tasks/commit/commitSettingsSchema';
import type { PlanEnvironment } from '../../tasks/plan/planSettingsSchema';
import type { TransformEnvironment } from '../../tasks/transform/transformSettingsSchema';
import { acknowledgeGrantWildcards } from '../compliance/acknowledgeGrantWildcards';
import { GLUE_READ_ACTIONS, grantCatalogAccess } from '../grants/grantCatalogAccess';
import { grantCommitAccess } from '../grants/grantCommitAccess';
import { grantCuratedRunWrite } from '../grants/grantCuratedRunWrite';
import { grantListPrefix } from '../grants/grantListPrefix';
import { grantSecretValue } from '../grants/grantSecretValue';
import { type PipelineFunctionProps, pipelineFunction } from '../lambda/pipelineFunction';
import { lakeRolePaths } from '../security/lakeRolePaths';
import type { SourceReplica } from '../source/SourceReplica';
import { failWhenTablesFailed } from '../stateMachine/failWhenTablesFailed';
import { foreignSourceIssues } from '../stateMachine/foreignSourceIssues';
import type { PipelineBaseProps } from '../stateMachine/PipelineBaseProps';
import { pipelineConfig } from '../stateMachine/pipelineConfig';
import { pipelineStateMachine, sourceSchedule } from '../stateMachine/pipelineStateMachine';
import { runStartStates } from '../stateMachine/runStartStates';
import { TRANSIENT_LAMBDA_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import type { DataLakeStorage } from '../storage/DataLakeStorage';
import { EXPORT_TASK_PATH, type ExportedDatabase, exportStates } from './exportStates';
import { EXPORT_TABLES_PATH, listTablesFunction } from './listTablesFunction';
import { poolBranch } from './poolBranch';
import type { SnapshotExportRole } from './SnapshotExportRole';
import { snapshotCreatedPattern } from './snapshotCreatedPattern';

/** Props of {@link SnapshotPipeline}. */
export interface SnapshotPipelineProps extends PipelineBaseProps {
  /** The role, bucket, prefix and key RDS export uses for this source. */
  readonly exportRole: SnapshotExportRole;
  /**
   * The source's read replica, where a source with `includeTables: all` lists its tables before
   * each export, so the export is asked only for those the lake keeps (never `excludeTables`).
   * Required for such a source.
   *
   * @default - none: the source lists its tables (`includeTables: listed`)
   */
  readonly replica?: SourceReplica;
  /**
   * The VPC the list-tables function runs in, with a route to `replica`. Required with `replica`.
   *
   * @default - none
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The subnets of `vpc` the list-tables function runs in.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Start a run when RDS has taken an automated snapshot of the source, exporting that
   * snapshot. The config's `schedule`, when set, starts runs as well.
   *
   * @default false
   */
  readonly startOnAutomatedSnapshot?: boolean;
  /**
   * How long to wait between two looks at the snapshot or the export (an export takes
   * minutes to hours).
   *
   * @default Duration.minutes(5)
   */
  readonly pollInterval?: Duration;
  /**
   * Part files of one table transformed at the same time.
   *
   * @default 10
   */
  readonly partConcurrency?: number;
  /**
   * Memory of the transform Lambda in MiB; DuckDB's memory limit follows it. New
   * accounts may not exceed 3008 MiB until AWS raises their quota.
   *
   * @default 3008
   */
  readonly transformMemorySize?: number;
  /**
   * The transform's /tmp, where it downloads a part and DuckDB spills.
   *
   * @default Size.gibibytes(10)
   */
  readonly transformEphemeralStorageSize?: Size;
  /**
   * Concurrency reserved for (and capped at) the transform. Not reserved by default:
   * a reservation fails to deploy in accounts with the initial concurrency quota of 10,
   * and the Maps' concurrency bounds the transform anyway.
   *
   * @default - no reservation
   */
  readonly transformReservedConcurrency?: number;
  /**
   * The longest a run may take, export included.
   *
   * @default Duration.hours(24)
   */
  readonly timeout?: Duration;
}

/**
 * The snapshot pipeline of one source: a Step Functions state machine that exports an
 * RDS snapshot to the raw bucket, plans the run, transforms each export part into
 * curated Parquet and commits each table to Glue, with the three Lambdas it calls and
 * the triggers that start it.
 *
 * The state machine (`<lake>-<source>-snapshot`, input {@link SnapshotPipelineInput}):
 * 1. fails fast with `AlreadyRunning` while another execution of it runs;
 * 2. settles the run id (given, or from `$$.Execution.StartTime`) and the export id;
 * 3. exports the given snapshot; else, with the source's `snapshot` `latest-automated`, the
 *    newest available automated snapshot of the instance or cluster (no load on the database;
 *    none fails the run in `No automated snapshot`); else (`fresh-manual`) a manual snapshot taken
 *    for the run and deleted once its export has ended, on every way out of the run; polls
 *    DescribeExportTasks with a Wait state; FAILED/CANCELED ends in `Export failed` with RDS's cause;
 * 4. calls the plan Lambda with the export task's `SnapshotTime` (what the tables are as of),
 *    whose `RunPlan` lists each pool's tables by priority;
 * 5. runs one Parallel branch per pool: a Map with the pool's `maxConcurrency` over its
 *    tables, each transformed part by part (inline Map, or past 100 parts a Distributed
 *    Map over the part list the plan wrote) and committed on its own; a failing table ends its
 *    branch in `<pool>: table failed` naming it, while the other tables go on;
 * 6. once every table has had its turn, ends in `Tables failed` (`TableFailed`, naming them) when
 *    any failed (the others are committed), else succeeds.
 *
 * Lambda tasks retry transient errors with backoff 2, a 60 s cap and full jitter. Logs
 * (ALL events, without execution data: it names columns and may carry values) go to a
 * KMS-encrypted log group; X-Ray tracing is on.
 *
 * @example
 * ```ts
 * const pipeline = new SnapshotPipeline(this, 'Snapshot', {
 *   config,
 *   source,
 *   storage: foundation.storage,
 *   exportRole,
 *   database: foundation.catalog.database(sourceDatabaseName(config.name, source.name)),
 *   maskingSalt: foundation.maskingSalt,
 *   startOnAutomatedSnapshot: true,
 * });
 * pipeline.grantStartExecution(operatorRole);
 * ```
 */
export class SnapshotPipeline extends Construct {
  /** The run's state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /**
   * Finds the newest available automated snapshot a run exports, with the source's `snapshot`
   * `latest-automated` (the default); none with `fresh-manual`.
   */
  public readonly findSnapshotFunction?: lambda.IFunction;
  /**
   * Lists the source's tables on its replica before each export, with `includeTables: all`: the
   * export's `ExportOnly`, all tables but `excludeTables`. None with `includeTables: listed`.
   */
  public readonly listTablesFunction?: lambda.IFunction;
  /** Reads the export's table info and the catalog, and plans every table of the run. */
  public readonly planFunction: lambda.IFunction;
  /** Turns one export part into curated Parquet and its manifest. */
  public readonly transformFunction: lambda.IFunction;
  /** Verifies a table's parts and switches its Glue table to the run. */
  public readonly commitFunction: lambda.IFunction;
  /** The state machine's log group, encrypted with {@link logKey}. */
  public readonly logGroup: logs.LogGroup;
  /** Encrypts the state machine's and the Lambdas' log groups. */
  public readonly logKey: kms.Key;
  /** The rule that starts runs on the config's `schedule`, when it has one. */
  public readonly scheduleRule?: events.Rule;
  /** The rule that starts runs on automated snapshots, with `startOnAutomatedSnapshot`. */
  public readonly snapshotRule?: events.Rule;

  public constructor(scope: Construct, id: string, props: SnapshotPipelineProps) {
    super(scope, id);
    const { config, source, storage, exportRole } = props;
    const pools = snapshotPools(source, config.pools);
    const exportOnly = exportOnlyList(source);
    const partConcurrency = props.partConcurrency ?? 10;
    validateProps(this.node.path, props, pools, exportOnly, partConcurrency);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const stack = Stack.of(this);
    this.logKey = storage.operationsKey;
    // Every role of the pipeline handles raw data: the raw key lets only the raw path decrypt.
    const rolePath = lakeRolePaths(config.name).raw;

    const functionDefaults = { logRetention, logEncryptionKey: this.logKey, removalPolicy, rolePath };
    const exportPrefix = exportRole.prefix;
    const plan = pipelineFunction(this, 'Plan', {
      ...functionDefaults,
      name: 'plan',
      description: `Plans a ${source.name} snapshot run from the export's table info and the catalog`,
      // The plan counts each exported table's rows from its parts' Parquet footers (two ranged
      // GETs a part): no DuckDB, no download, no scratch disk.
      memorySize: 1024,
      timeout: Duration.minutes(15),
      // The config travels in the task input (see planTask): Lambda caps variables at 4 KB.
      environment: {
        RAW_BUCKET: storage.rawBucket.bucketName,
        EXPORT_PREFIX: exportPrefix,
        GLUE_DATABASE: props.database.databaseName,
      } satisfies PlanEnvironment,
    });
    const transform = pipelineFunction(this, 'Transform', {
      ...functionDefaults,
      name: 'transform',
      description: `Curates one ${source.name} export part with DuckDB: drop, mask, cast, partition`,
      memorySize: props.transformMemorySize ?? 3008,
      timeout: Duration.minutes(15),
      ephemeralStorageSize: props.transformEphemeralStorageSize ?? Size.gibibytes(10),
      reservedConcurrentExecutions: props.transformReservedConcurrency,
      nodeModules: ['@duckdb/node-api'],
      environment: {
        MASKING_SALT_SECRET_ARN: props.maskingSalt.secretArn,
        CURATED_BUCKET: storage.curatedBucket.bucketName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(config.name),
      } satisfies TransformEnvironment,
    });
    const commit = pipelineFunction(this, 'Commit', {
      ...functionDefaults,
      name: 'commit',
      description: `Verifies and commits one ${source.name} table of a run to Glue`,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: {
        GLUE_DATABASE: props.database.databaseName,
        CURATED_BUCKET: storage.curatedBucket.bucketName,
        CURATED_RUNS_TO_KEEP: String(config.storage.curatedRunsToKeep),
        RAW_BUCKET: storage.rawBucket.bucketName,
        EXPORT_PREFIX: exportPrefix,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(config.name),
      } satisfies CommitEnvironment,
    });
    this.planFunction = plan;
    this.transformFunction = transform;
    this.commitFunction = commit;
    if (source.snapshot === 'latest-automated') {
      this.findSnapshotFunction = findSnapshotFunction(this, source, functionDefaults);
    }

    // Each role reaches this source's objects only: its exports, tables and manifests.
    const exports = `${exportPrefix}*`;
    storage.grantReadRaw(plan, exports);
    const partLists = partListKeyPattern(exportPrefix);
    acknowledgeGrantWildcards(
      plan,
      storage.rawBucket
        .grantPut(plan, partLists)
        .combine(
          storage.rawKey.grant(plan, 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Decrypt'),
        ),
      `Writing the part lists of this source's exports only (${partLists} in the raw bucket) and encrypting them with the raw key.`,
    );
    grantCatalogAccess(this, plan, props.database, GLUE_READ_ACTIONS);
    storage.grantReadRaw(transform, exports);
    grantCuratedRunWrite(storage, transform, source.name);
    grantSecretValue(this, transform, {
      // A partial ARN (no random suffix) matches the secret only with the suffix's wildcard.
      secretArn: props.maskingSalt.secretFullArn ?? `${props.maskingSalt.secretArn}-??????`,
      encryptionKey: props.maskingSalt.encryptionKey,
    });
    grantCommitAccess(this, storage, commit, source.name, props.database);
    // A committed table's export is deleted (s3:DeleteObject needs no key) after listing it.
    storage.grantDeleteRaw(commit, exports);
    grantListPrefix(storage.rawBucket, commit, exportPrefix);

    const prefix = exportTaskPrefix(config.name, source.name);
    const stateMachineName = pipelineStateMachineName(config.name, source.name, 'snapshot');
    const database = exportedDatabase(source);

    const planTask = new tasks.LambdaInvoke(this, 'Plan the run', {
      lambdaFunction: plan,
      payload: sfn.TaskInput.fromObject({
        config: pipelineConfig(config, source),
        source: source.name,
        runId: sfn.JsonPath.stringAt('$.run.runId'),
        exportId: sfn.JsonPath.stringAt('$.run.exportId'),
        // Every way to a COMPLETE export (the given, newest automated or run's own snapshot)
        // describes the export task into `$.export.task`: its SnapshotTime, "the time when the
        // snapshot was created" (RDS API Reference, ExportTask), is what the tables are as of.
        snapshotTime: sfn.JsonPath.stringAt(`${EXPORT_TASK_PATH}.SnapshotTime`),
      }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
    });
    planTask.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));

    // Each branch ends with its tables' results; the run fails once all have had their turn.
    const byPool = new sfn.Parallel(this, 'Tables by pool', {
      resultSelector: { results: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$')) },
      resultPath: '$.tables',
    });
    for (const pool of pools) {
      byPool.branch(
        poolBranch(this, {
          pool,
          transform,
          commit,
          partConcurrency,
        }),
      );
    }

    const listTables =
      props.replica !== undefined && props.vpc !== undefined && listsTablesToExport(source)
        ? listTablesFunction(this, {
            ...functionDefaults,
            config,
            source,
            replica: props.replica,
            vpc: props.vpc,
            vpcSubnets: props.vpcSubnets,
          })
        : undefined;
    this.listTablesFunction = listTables?.function;
    const startExport = exportStates(this, {
      sourceName: source.name,
      database,
      snapshot:
        this.findSnapshotFunction === undefined
          ? { kind: 'fresh-manual' }
          : { kind: 'latest-automated', findFunction: this.findSnapshotFunction },
      exportRole,
      exportOnly:
        listTables === undefined ? exportOnly : sfn.JsonPath.listAt(`${EXPORT_TABLES_PATH}.exportOnly`),
      exportTaskPrefix: prefix,
      pollInterval: props.pollInterval ?? Duration.minutes(5),
      next: planTask.next(byPool).next(
        failWhenTablesFailed(this, {
          resultsPath: '$.tables.results',
          next: new sfn.Succeed(this, 'Every table committed'),
        }),
      ),
    });
    const definition = runStartStates(this, {
      sourceName: source.name,
      stateMachineArn: stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      exportTaskPrefix: prefix,
      // The tables are listed first, before a snapshot is taken that a failure would have to delete.
      next: listTables === undefined ? startExport : listTables.state.next(startExport),
    });

    const run = pipelineStateMachine(this, {
      stateMachineName,
      comment: `Snapshot pipeline of source ${source.name}: export, plan, transform and commit by pool`,
      definition,
      timeout: props.timeout ?? Duration.hours(24),
      logRetention,
      logKey: this.logKey,
      removalPolicy,
      rolePath,
      schedule: sourceSchedule(source, 'snapshot'),
    });
    this.logGroup = run.logGroup;
    this.stateMachine = run.stateMachine;
    this.scheduleRule = run.scheduleRule;
    exportRole.grantStartExport(this.stateMachine);
    this.grantReadPartLists(storage, partLists);
    if (props.startOnAutomatedSnapshot === true) {
      this.snapshotRule = new events.Rule(this, 'OnAutomatedSnapshot', {
        description: `Exports each automated snapshot of the ${source.name} source`,
        eventPattern: snapshotCreatedPattern(database),
        targets: [
          new targets.SfnStateMachine(this.stateMachine, {
            input: events.RuleTargetInput.fromObject({
              snapshotArn: events.EventField.fromPath('$.detail.SourceArn'),
            }),
          }),
        ],
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

  /** The Distributed Maps read the part lists the plan writes (SSE-KMS objects): those objects only. */
  private grantReadPartLists(storage: DataLakeStorage, pattern: string): void {
    const grant = iam.Grant.addToPrincipal({
      grantee: this.stateMachine,
      actions: ['s3:GetObject'],
      resourceArns: [storage.rawBucket.arnForObjects(pattern)],
    }).combine(storage.rawKey.grantDecrypt(this.stateMachine));
    acknowledgeGrantWildcards(
      this.stateMachine,
      grant,
      `The Distributed Map reads the part lists of this source's exports only (${pattern} in the raw bucket).`,
    );
  }
}

/**
 * The find-snapshot Lambda: lists the source's automated snapshots. DescribeDBSnapshots and
 * DescribeDBClusterSnapshots are List actions whose resource types are the database and its
 * snapshots ("Actions, resources, and condition keys for Amazon RDS"); automated snapshots are
 * named by RDS (`rds:<id>-<date>`), so the grant names the database and the account's snapshots.
 */
function findSnapshotFunction(
  scope: Construct,
  source: SourceConfig,
  defaults: Pick<PipelineFunctionProps, 'logRetention' | 'logEncryptionKey' | 'removalPolicy'>,
): lambda.IFunction {
  const database = exportedDatabase(source);
  const fn = pipelineFunction(scope, 'FindSnapshot', {
    ...defaults,
    name: 'find-snapshot',
    description: `Finds the newest automated snapshot of the ${source.name} source to export`,
    memorySize: 256,
    timeout: Duration.minutes(1),
    environment: {},
  });
  const stack = Stack.of(scope);
  const arn = (resource: string, resourceName: string) =>
    stack.formatArn({ service: 'rds', resource, resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  const [action, resources] =
    database.clusterIdentifier !== undefined
      ? [
          'rds:DescribeDBClusterSnapshots',
          [arn('cluster', database.clusterIdentifier), arn('cluster-snapshot', '*')],
        ]
      : ['rds:DescribeDBSnapshots', [arn('db', database.instanceIdentifier), arn('snapshot', '*')]];
  acknowledgeGrantWildcards(
    fn,
    iam.Grant.addToPrincipal({ grantee: fn, actions: [action], resourceArns: resources }),
    'Listing the automated snapshots of this source’s database: RDS names them, so the snapshot ARN is a wildcard; the action only reads.',
  );
  return fn;
}

function exportedDatabase(source: SourceConfig): ExportedDatabase {
  const { instanceIdentifier, clusterIdentifier } = source.primary;
  if (clusterIdentifier !== undefined) return { clusterIdentifier };
  // The config guarantees exactly one of the two.
  return { instanceIdentifier: instanceIdentifier ?? '' };
}

function validateProps(
  constructPath: string,
  props: SnapshotPipelineProps,
  pools: readonly PoolConfig[],
  exportOnly: readonly string[],
  partConcurrency: number,
): void {
  const issues: ConfigIssue[] = foreignSourceIssues(props);
  const { source } = props;
  if (listsTablesToExport(source) && (props.replica === undefined || props.vpc === undefined)) {
    issues.push({
      path: 'replica',
      message: `source "${source.name}" has includeTables: all, whose runs list the tables to export on the replica; allowed: a replica and a vpc`,
    });
  }
  if (props.exportRole.prefix === '') {
    issues.push({
      path: 'exportRole.prefix',
      message: `is empty: the whole raw bucket; a source's pipeline is confined to its own exports, e.g. "${exportPrefixOf(source.name)}"`,
    });
  }
  if (pools.length === 0 || (source.includeTables === 'listed' && exportOnly.length === 0)) {
    issues.push({
      path: 'source.tables',
      message: `source "${source.name}" has no table in mode snapshot-export (defaultMode ${source.defaultMode}, includeTables ${source.includeTables}); a snapshot pipeline needs at least one`,
    });
  }
  if (!Number.isInteger(partConcurrency) || partConcurrency < 1 || partConcurrency > 1000) {
    issues.push({
      path: 'partConcurrency',
      message: `got ${partConcurrency}; must be a whole number from 1 to 1000`,
    });
  }
  const reserved = props.transformReservedConcurrency;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1)) {
    issues.push({
      path: 'transformReservedConcurrency',
      message: `got ${reserved}; must be a whole number of at least 1, or left out for no reservation`,
    });
  }
  const memory = props.transformMemorySize;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 2048 || memory > 10240)) {
    issues.push({
      path: 'transformMemorySize',
      message: `got ${memory} MiB; must be a whole number from 2048 (DuckDB needs room) to 10240 (Lambda's maximum)`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
