import { ArnFormat, Duration, Fn, RemovalPolicy, Size, Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2 } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { type ConfigIssue, InvalidPropsError } from '../../core/errors';
import {
  metricsNamespace,
  stateMachineName as pipelineStateMachineName,
  replicaRunsPrefix,
} from '../../core/naming';
import { replicaPools } from '../../core/orchestration/replicaPools';
import { replicaRunKeyPattern } from '../../core/orchestration/replicaRunKeys';
import type { AdvanceWatermarkEnvironment } from '../../tasks/advanceWatermark/advanceWatermarkSettingsSchema';
import type { CommitEnvironment } from '../../tasks/commit/commitSettingsSchema';
import type { ExtractEnvironment } from '../../tasks/extract/extractSettingsSchema';
import type { ReplicaPlanEnvironment } from '../../tasks/replicaPlan/replicaPlanSettingsSchema';
import { GLUE_READ_ACTIONS, grantCatalogAccess } from '../grants/grantCatalogAccess';
import { grantCommitAccess } from '../grants/grantCommitAccess';
import { grantCuratedRunWrite } from '../grants/grantCuratedRunWrite';
import { grantListPrefix } from '../grants/grantListPrefix';
import { grantSecretValue } from '../grants/grantSecretValue';
import { pipelineFunction } from '../lambda/pipelineFunction';
import { lakeRolePaths } from '../security/lakeRolePaths';
import type { SourceReplica } from '../source/SourceReplica';
import { foreignSourceIssues } from '../stateMachine/foreignSourceIssues';
import type { PipelineBaseProps } from '../stateMachine/PipelineBaseProps';
import { pipelineStateMachine, sourceSchedule } from '../stateMachine/pipelineStateMachine';
import { runStartStates } from '../stateMachine/runStartStates';
import { grantReplicaRuns } from './grantReplicaRuns';
import { grantWatermarks } from './grantWatermarks';
import { replicaConnectionEnvironment } from './replicaConnectionEnvironment';
import { replicaFailedTables } from './replicaFailedTables';
import { replicaPlanStates } from './replicaPlanStates';
import { replicaPoolBranch } from './replicaPoolBranch';

/** Props of {@link ReplicaPipeline}. */
export interface ReplicaPipelineProps extends PipelineBaseProps {
  /** The source's read replica(s): the plan checks each one's lag, the extracts spread the chunks over all. */
  readonly replica: SourceReplica;
  /** The VPC the plan and extract run in, with a route to the replica. */
  readonly vpc: ec2.IVpc;
  /**
   * The subnets of `vpc` the plan and extract run in.
   *
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Memory of the extract Lambda in MiB; DuckDB's memory limit follows it.
   *
   * @default 2048
   */
  readonly extractMemorySize?: number;
  /**
   * Tables of one pool committed at the same time once the pool's chunks are extracted.
   *
   * @default 4
   */
  readonly commitConcurrency?: number;
  /**
   * The first wait before the lag check runs again while the replica lags by more than
   * `replica.maxLagSeconds`; later waits double (with jitter, at most 15 minutes).
   *
   * @default Duration.minutes(1)
   */
  readonly lagRetryInterval?: Duration;
  /**
   * Lag checks in all before the run fails in `Replica lagging`.
   *
   * @default 6
   */
  readonly lagCheckAttempts?: number;
  /**
   * The longest a run may take.
   *
   * @default Duration.hours(12)
   */
  readonly timeout?: Duration;
}

/**
 * The replica pipeline of one source: a Step Functions state machine that reads the source's
 * `replica-query` and `incremental` tables from its read replica in pool-bounded chunks, curates
 * them into Parquet and commits each table to Glue, with the Lambdas it calls and its schedule.
 *
 * The state machine (`<lake>-<source>-replica`, input `{ runId? }`):
 * 1. fails fast with `AlreadyRunning` while another execution of it runs, and settles the run id;
 * 2. checks the replica's lag; over `replica.maxLagSeconds` it retries with doubling, jittered
 *    waits, then ends in `Replica lagging`;
 * 3. plans every table (the plan Lambda: chunks by primary key, an incremental table's window
 *    from the watermark its last commit recorded in the catalog), storing the table list and
 *    each pool's chunk list by priority under `replica-runs/<source>/<run id>/` in the raw
 *    bucket, and returns only where they are;
 * 4. runs one Parallel branch per pool (`replicaPoolBranch`): a Distributed Map over the pool's
 *    chunk list with `maxConcurrency` = the pool's size, so the replica never sees more of its
 *    concurrent queries; then, as soon as the pool's chunks are extracted, commits each of the
 *    pool's tables on its own (a Distributed Map over its table list); an incremental table first
 *    claims its window (a conditional S3 write under `_watermarks/` in the curated bucket), and its
 *    commit records the window's end with the run, in one catalog call. A table whose chunk or
 *    commit fails notes it in the run's folder and is not committed; the other tables go on;
 * 5. deletes the stored lists as their Maps finish with them (see `deleteRunList`); the raw
 *    bucket's lifecycle expires whatever is left (Map results, failure notes, a failed run's lists);
 * 6. once every table has had its turn, reads the failure notes back and ends in `Tables failed`
 *    (`TableFailed`) naming each failed table when there is one, as the snapshot run does
 *    (`replicaFailedTables`); a failed table's window stays for the next run.
 *
 * No state's data grows with the tables or chunks (Step Functions caps it at 256 KiB: "Step
 * Functions service quotas", https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html).
 *
 * The plan and extract run in the VPC and are the only peers the replica's security group admits.
 * Lambda tasks retry transient errors, and connection errors, with backoff and full jitter. Logs (ALL events, without
 * execution data) go to a KMS-encrypted log group; X-Ray tracing is on.
 *
 * @example
 * ```ts
 * const pipeline = new ReplicaPipeline(this, 'ReplicaPipeline', {
 *   config,
 *   source,
 *   storage: foundation.storage,
 *   database: foundation.catalog.database(sourceDatabaseName(config.name, source.name)),
 *   maskingSalt: foundation.maskingSalt,
 *   replica,
 *   vpc: foundation.network.vpc,
 * });
 * pipeline.grantStartExecution(operatorRole);
 * ```
 */
export class ReplicaPipeline extends Construct {
  /** The run's state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /** Checks the replica's lag and plans every table of the run. */
  public readonly planFunction: lambda.IFunction;
  /** Extracts one chunk of a table from the replica into curated Parquet and its manifest. */
  public readonly extractFunction: lambda.IFunction;
  /** Verifies a table's chunks and switches its Glue table to the run (the shared commit step). */
  public readonly commitFunction: lambda.IFunction;
  /** Claims an incremental table's window before its commit. */
  public readonly advanceFunction: lambda.IFunction;
  /** The state machine's log group, encrypted with {@link logKey}. */
  public readonly logGroup: logs.LogGroup;
  /** Encrypts the state machine's and the Lambdas' log groups. */
  public readonly logKey: kms.Key;
  /** The rule that starts runs on the source's `schedule`, when it has one. */
  public readonly scheduleRule?: events.Rule;

  public constructor(scope: Construct, id: string, props: ReplicaPipelineProps) {
    super(scope, id);
    // Without the flag aws-cdk-lib drops resultWriterV2 (replicaResultWriter); set here so the
    // construct does not depend on the app's flags.
    this.node.setContext(STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const { config, source, storage, replica } = props;
    const pools = replicaPools(source, config.pools);
    const commitConcurrency = props.commitConcurrency ?? 4;
    validateProps(this.node.path, props, pools.length, commitConcurrency);

    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const stack = Stack.of(this);
    this.logKey = storage.operationsKey;
    // Every role of the pipeline handles raw data: the raw key lets only the raw path decrypt.
    const rolePath = lakeRolePaths(config.name).raw;
    const defaults = {
      logRetention,
      logEncryptionKey: this.logKey,
      removalPolicy,
      pipeline: 'replica',
      rolePath,
    };
    const inVpc = { vpc: props.vpc, vpcSubnets: props.vpcSubnets };
    // Every replica (Aurora: the analytics custom endpoint): the plan checks the lag and spreads
    // the chunks over them. For Aurora the plan reads each analytics reader's lag by instance id.
    const replicaHosts = Fn.join(',', [...replica.pipelineHosts]);
    const auroraInstances = replica.auroraInstanceIdentifiers;
    // How the plan and the extract reach a replica (each chunk names its host) and how long they wait on it.
    const replicaConnection = replicaConnectionEnvironment(source, replica);

    const plan = pipelineFunction(this, 'Plan', {
      ...defaults,
      ...inVpc,
      name: 'replica-plan',
      description: `Checks the ${source.name} replica's lag and plans a replica run`,
      memorySize: 512,
      timeout: Duration.minutes(10),
      environment: {
        ...replicaConnection,
        REPLICA_HOSTS: replicaHosts,
        REPLICA_UNMEASURED_LAG: source.replica.unmeasuredLag,
        ...(auroraInstances ? { REPLICA_AURORA_INSTANCES: Fn.join(',', [...auroraInstances]) } : {}),
        GLUE_DATABASE: props.database.databaseName,
        CURATED_BUCKET: storage.curatedBucket.bucketName,
        REPLICA_RUNS_BUCKET: storage.rawBucket.bucketName,
      } satisfies ReplicaPlanEnvironment,
    });
    const extract = pipelineFunction(this, 'Extract', {
      ...defaults,
      ...inVpc,
      name: 'extract',
      description: `Extracts one chunk of a ${source.name} table from the replica into curated Parquet`,
      memorySize: props.extractMemorySize ?? 2048,
      timeout: Duration.minutes(15),
      ephemeralStorageSize: Size.gibibytes(10),
      nodeModules: ['@duckdb/node-api'],
      environment: {
        ...replicaConnection,
        MASKING_SALT_SECRET_ARN: props.maskingSalt.secretArn,
        CURATED_BUCKET: storage.curatedBucket.bucketName,
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(config.name),
      } satisfies ExtractEnvironment,
    });
    const commit = pipelineFunction(this, 'Commit', {
      ...defaults,
      name: 'commit',
      description: `Verifies and commits one ${source.name} replica table of a run to Glue`,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      environment: {
        GLUE_DATABASE: props.database.databaseName,
        CURATED_BUCKET: storage.curatedBucket.bucketName,
        CURATED_RUNS_TO_KEEP: String(config.storage.curatedRunsToKeep),
        POWERTOOLS_METRICS_NAMESPACE: metricsNamespace(config.name),
      } satisfies CommitEnvironment,
    });
    const advance = pipelineFunction(this, 'Advance', {
      ...defaults,
      name: 'advance-watermark',
      description: `Claims a ${source.name} incremental table's window before its commit`,
      memorySize: 256,
      timeout: Duration.minutes(1),
      environment: { CURATED_BUCKET: storage.curatedBucket.bucketName } satisfies AdvanceWatermarkEnvironment,
    });
    this.planFunction = plan;
    this.extractFunction = extract;
    this.commitFunction = commit;
    this.advanceFunction = advance;

    // The credentials secret's ARN comes from the config, full (with its suffix) as the schema requires.
    const credentials = { secretArn: source.credentialsSecretArn };
    replica.allowConnectionsFrom(plan);
    replica.allowConnectionsFrom(extract);
    grantSecretValue(this, plan, credentials);
    grantSecretValue(this, extract, credentials);
    grantCatalogAccess(this, plan, props.database, GLUE_READ_ACTIONS);
    grantWatermarks(storage, plan, source.name, 'read');
    grantReplicaRuns(storage, plan, source.name, 'write');
    grantCuratedRunWrite(storage, extract, source.name);
    grantSecretValue(this, extract, {
      secretArn: props.maskingSalt.secretFullArn ?? `${props.maskingSalt.secretArn}-??????`,
      encryptionKey: props.maskingSalt.encryptionKey,
    });
    grantCommitAccess(this, storage, commit, source.name, props.database);
    grantWatermarks(storage, advance, source.name, 'write');

    const stateMachineName = pipelineStateMachineName(config.name, source.name, 'replica');
    const byPool = new sfn.Parallel(this, 'Tables by pool', { resultPath: sfn.JsonPath.DISCARD });
    const runObjectsArn = storage.rawBucket.arnForObjects(replicaRunKeyPattern(source.name));
    for (const pool of pools) {
      byPool.branch(
        replicaPoolBranch(this, {
          pool,
          sourceName: source.name,
          extract,
          commit,
          advance,
          commitConcurrency,
          runObjectsArn,
        }),
      );
    }

    const definition = runStartStates(this, {
      sourceName: source.name,
      pipeline: 'replica',
      stateMachineArn: stack.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      next: replicaPlanStates(this, {
        config,
        source,
        plan,
        lagRetryInterval: props.lagRetryInterval ?? Duration.minutes(1),
        lagCheckAttempts: props.lagCheckAttempts ?? 6,
        next: byPool.next(replicaFailedTables(this, { runObjectsArn })),
      }),
    });

    const run = pipelineStateMachine(this, {
      stateMachineName,
      comment: `Replica pipeline of source ${source.name}: lag check, plan, extract by pool, commit`,
      definition,
      timeout: props.timeout ?? Duration.hours(12),
      logRetention,
      logKey: this.logKey,
      removalPolicy,
      rolePath,
      schedule: sourceSchedule(source, 'replica'),
    });
    this.logGroup = run.logGroup;
    this.stateMachine = run.stateMachine;
    this.scheduleRule = run.scheduleRule;
    // The Distributed Maps read the stored lists, write their results, and note and read failures;
    // aws-cdk-lib grants states:StartExecution on this state machine itself for their children.
    grantReplicaRuns(storage, this.stateMachine, source.name, 'read-write');
    // Listing the failure notes (listRunObjects): keys of this source's runs only.
    grantListPrefix(storage.rawBucket, this.stateMachine, replicaRunsPrefix(source.name));
    // The replica path calls no RDS API, so nothing else here needs `*`; only tracing does.
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

function validateProps(
  constructPath: string,
  props: ReplicaPipelineProps,
  poolCount: number,
  commitConcurrency: number,
): void {
  const issues: ConfigIssue[] = foreignSourceIssues(props);
  const { source } = props;
  if (poolCount === 0) {
    issues.push({
      path: 'source.tables',
      message: `source "${source.name}" lists no table in mode replica-query or incremental; a replica pipeline needs at least one`,
    });
  }
  if (props.replica.endpoints.length === 0) {
    issues.push({
      path: 'replica',
      message: 'has no endpoint; a replica pipeline needs at least one replica',
    });
  }
  if (!Number.isInteger(commitConcurrency) || commitConcurrency < 1 || commitConcurrency > 40) {
    issues.push({
      path: 'commitConcurrency',
      message: `got ${commitConcurrency}; must be a whole number from 1 to 40`,
    });
  }
  const attempts = props.lagCheckAttempts;
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1 || attempts > 20)) {
    issues.push({
      path: 'lagCheckAttempts',
      message: `got ${attempts}; must be a whole number from 1 to 20`,
    });
  }
  const memory = props.extractMemorySize;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 1024 || memory > 10240)) {
    issues.push({
      path: 'extractMemorySize',
      message: `got ${memory} MiB; must be a whole number from 1024 (DuckDB needs room) to 10240 (Lambda's maximum)`,
    });
  }
  if (issues.length > 0) throw new InvalidPropsError(constructPath, issues);
}
