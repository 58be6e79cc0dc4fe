import { ArnFormat, type Duration, Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { exportTaskId } from '../../core/naming';
import {
  TRANSIENT_LAMBDA_ERRORS,
  TRANSIENT_SDK_ERRORS,
  transientRetry,
} from '../stateMachine/transientRetry';
import type { SnapshotExportRole } from './SnapshotExportRole';

/** The RDS database a source's exports come from: an instance or an Aurora cluster. */
export type ExportedDatabase =
  | { readonly instanceIdentifier: string; readonly clusterIdentifier?: undefined }
  | { readonly clusterIdentifier: string; readonly instanceIdentifier?: undefined };

/** Which snapshot a run exports when none is given: see the config's `snapshot`. */
export type SnapshotChoice =
  | { readonly kind: 'latest-automated'; readonly findFunction: lambda.IFunction }
  | { readonly kind: 'fresh-manual' };

/** Props of {@link exportStates}. */
export interface ExportStatesProps {
  /** The source, named in failures. */
  readonly sourceName: string;
  readonly database: ExportedDatabase;
  /** The snapshot a run exports when its input gives none. */
  readonly snapshot: SnapshotChoice;
  /** The role, bucket, prefix and key of the export. */
  readonly exportRole: SnapshotExportRole;
  /** The StartExportTask `ExportOnly` list; `undefined` exports the whole snapshot. */
  readonly exportOnly?: readonly string[];
  /** The export task prefix: the snapshots this pipeline takes are named `<prefix>-…`. */
  readonly exportTaskPrefix: string;
  /** How long to wait between two looks at the snapshot or the export. */
  readonly pollInterval: Duration;
  /** Where the run goes when the export is COMPLETE (and a snapshot the run took is deleted). */
  readonly next: sfn.IChainable;
}

/** Names of the states that delete the snapshot a run took: every way out of the run after it exists passes one. */
export const DELETE_SNAPSHOT_STATES = ['Delete the snapshot', 'Delete the snapshot after a failure'] as const;

/** Where the describe state writes its result, `{ task }`. */
const EXPORT_RESULT_PATH = '$.export';
/** Where the states put the export task's description (DescribeExportTasks' `ExportTasks[0]`). */
export const EXPORT_TASK_PATH = `${EXPORT_RESULT_PATH}.task`;

/** Statuses of DescribeExportTasks after which the export will not complete. */
const EXPORT_ENDED_BADLY = ['FAILED', 'CANCELED'];

/** The RDS SDK calls, parameter and result names of a snapshot of an instance or of a cluster. */
interface SnapshotApi {
  readonly create: string;
  readonly describe: string;
  readonly delete: string;
  readonly identifierParameter: string;
  readonly snapshotParameter: string;
  readonly listField: string;
  readonly arnField: string;
  readonly arnResource: string;
  readonly databaseResource: string;
  readonly errorNoun: string;
  readonly cliDelete: string;
}

const INSTANCE_API: SnapshotApi = {
  create: 'createDBSnapshot',
  describe: 'describeDBSnapshots',
  delete: 'deleteDBSnapshot',
  identifierParameter: 'DbInstanceIdentifier',
  snapshotParameter: 'DbSnapshotIdentifier',
  listField: 'DbSnapshots',
  arnField: 'DbSnapshotArn',
  arnResource: 'snapshot',
  databaseResource: 'db',
  errorNoun: 'DbSnapshot',
  cliDelete: 'aws rds delete-db-snapshot --db-snapshot-identifier',
};

const CLUSTER_API: SnapshotApi = {
  create: 'createDBClusterSnapshot',
  describe: 'describeDBClusterSnapshots',
  delete: 'deleteDBClusterSnapshot',
  identifierParameter: 'DbClusterIdentifier',
  snapshotParameter: 'DbClusterSnapshotIdentifier',
  listField: 'DbClusterSnapshots',
  arnField: 'DbClusterSnapshotArn',
  arnResource: 'cluster-snapshot',
  databaseResource: 'cluster',
  errorNoun: 'DbClusterSnapshot',
  cliDelete: 'aws rds delete-db-cluster-snapshot --db-cluster-snapshot-identifier',
};

function rdsArn(scope: Construct, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({
    service: 'rds',
    resource,
    resourceName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** `iamAction` of an SDK call: `rds:` and the action with its first letter in upper case. */
function iamAction(action: string): string {
  return `rds:${action.charAt(0).toUpperCase()}${action.slice(1)}`;
}

/**
 * The states from a named run (`$.run.exportId`) to a COMPLETE RDS export of a snapshot:
 * - `$.snapshotArn` given (e.g. by the automated-snapshot rule): that snapshot;
 * - else `latest-automated`: the newest available automated snapshot, found by a Lambda (a source
 *   without one ends in `No automated snapshot`, naming the source and the fix);
 * - else `fresh-manual`: a manual snapshot of the instance or cluster named after the export,
 *   waited for, exported with its own polling states and deleted once the export has ended,
 *   whichever way: COMPLETE goes on to `next` through `Delete the snapshot`, every failure after
 *   the snapshot exists through `Delete the snapshot after a failure` to `Run failed`. So manual
 *   snapshots never pile up against RDS's quota of 100 per Region ("Quotas and constraints for
 *   Amazon RDS": manual DB instance snapshots 100, manual DB cluster snapshots 100).
 *
 * StartExportTask takes a snapshot's or cluster snapshot's ARN as `SourceArn`; the export is
 * polled with DescribeExportTasks and a Wait state, no Lambda sleeps; its last description stays
 * at {@link EXPORT_TASK_PATH} for `next` on every way (its `SnapshotTime` is what the data is as
 * of). FAILED or CANCELED ends the run in `Export failed` with RDS's FailureCause. StartExportTask is idempotent per run: a retry or
 * re-run that finds the export task already there goes on polling it.
 */
export function exportStates(scope: Construct, props: ExportStatesProps): sfn.IChainable {
  const givenSnapshot = new sfn.Pass(scope, 'Export the given snapshot', {
    parameters: { arn: sfn.JsonPath.stringAt('$.snapshotArn') },
    resultPath: '$.exportSource',
  });
  const existing = exportUntilEnded(scope, props, '');
  const exportFailed = new sfn.Fail(scope, 'Export failed', {
    error: 'ExportFailed',
    causePath: sfn.JsonPath.stringAt('$.failure.cause'),
  });
  existing.complete.next(props.next);
  existing.exportEndedBadly.next(exportFailed);

  const source =
    props.snapshot.kind === 'latest-automated'
      ? findLatestAutomated(scope, props, props.snapshot.findFunction, existing.start)
      : freshManualSnapshot(scope, props);
  return new sfn.Choice(scope, 'Snapshot given?')
    .when(sfn.Condition.isPresent('$.snapshotArn'), givenSnapshot.next(existing.start))
    .otherwise(source);
}

/** The Lambda that finds the newest available automated snapshot into `$.exportSource.arn`. */
function findLatestAutomated(
  scope: Construct,
  props: ExportStatesProps,
  findFunction: lambda.IFunction,
  startExport: sfn.IChainable,
): sfn.IChainable {
  const { database } = props;
  const find = new tasks.LambdaInvoke(scope, 'Find the latest automated snapshot', {
    lambdaFunction: findFunction,
    payload: sfn.TaskInput.fromObject({
      source: props.sourceName,
      ...(database.clusterIdentifier !== undefined
        ? { clusterIdentifier: database.clusterIdentifier }
        : { instanceIdentifier: database.instanceIdentifier }),
    }),
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    resultPath: '$.exportSource',
  });
  find.addRetry(transientRetry(TRANSIENT_LAMBDA_ERRORS));
  const what =
    database.clusterIdentifier !== undefined
      ? `Aurora cluster ${database.clusterIdentifier}`
      : `RDS instance ${database.instanceIdentifier}`;
  find.addCatch(
    new sfn.Fail(scope, 'No automated snapshot', {
      error: 'NoAutomatedSnapshot',
      cause: `Source "${props.sourceName}": ${what} has no available automated snapshot to export. Turn on its automated backups (a backup retention period of 1 day or more) and wait for the first one, or set the source's snapshot to "fresh-manual".`,
    }),
    { errors: ['NoAutomatedSnapshotError'], resultPath: '$.error' },
  );
  return find.next(startExport);
}

/** The export polling states; `suffix` tells the run's own snapshot's states apart. */
interface ExportUntilEnded {
  readonly start: sfn.TaskStateBase;
  readonly describe: sfn.TaskStateBase;
  /** Reached when the export is COMPLETE. */
  readonly complete: sfn.Pass;
  /** Reached when the export ended FAILED or CANCELED, with `$.failure = { error, cause }`. */
  readonly exportEndedBadly: sfn.Pass;
}

function exportUntilEnded(scope: Construct, props: ExportStatesProps, suffix: string): ExportUntilEnded {
  const { exportRole } = props;
  const exportId = sfn.JsonPath.stringAt('$.run.exportId');
  const prefix = exportRole.prefix.replace(/\/+$/, '');

  const start = new tasks.CallAwsService(scope, `Start the export${suffix}`, {
    service: 'rds',
    action: 'startExportTask',
    iamAction: 'rds:StartExportTask',
    // RDS has no resource-level permissions for export tasks.
    iamResources: ['*'],
    parameters: {
      ExportTaskIdentifier: exportId,
      SourceArn: sfn.JsonPath.stringAt('$.exportSource.arn'),
      S3BucketName: exportRole.bucket.bucketName,
      ...(prefix === '' ? {} : { S3Prefix: prefix }),
      IamRoleArn: exportRole.role.roleArn,
      KmsKeyId: exportRole.encryptionKey.keyArn,
      ...(props.exportOnly === undefined ? {} : { ExportOnly: [...props.exportOnly] }),
    },
    resultPath: sfn.JsonPath.DISCARD,
  });
  start.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));

  const wait = new sfn.Wait(scope, `Wait for the export${suffix}`, {
    time: sfn.WaitTime.duration(props.pollInterval),
  });
  start.addCatch(wait, {
    errors: ['Rds.ExportTaskAlreadyExistsException'],
    resultPath: sfn.JsonPath.DISCARD,
  });
  start.next(wait);

  const describe = new tasks.CallAwsService(scope, `Describe the export${suffix}`, {
    service: 'rds',
    action: 'describeExportTasks',
    iamAction: 'rds:DescribeExportTasks',
    iamResources: ['*'],
    parameters: { ExportTaskIdentifier: exportId },
    resultSelector: { task: sfn.JsonPath.objectAt('$.ExportTasks[0]') },
    resultPath: EXPORT_RESULT_PATH,
  });
  describe.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));

  const status = `${EXPORT_TASK_PATH}.Status`;
  const endedBadly = sfn.Condition.or(
    ...EXPORT_ENDED_BADLY.map((value) => sfn.Condition.stringEquals(status, value)),
  );
  const withCause = new sfn.Pass(scope, `Describe the export failure${suffix}`, {
    parameters: {
      error: 'ExportFailed',
      cause: sfn.JsonPath.format(
        'RDS export {} ended {}: {}',
        exportId,
        sfn.JsonPath.stringAt(status),
        sfn.JsonPath.stringAt(`${EXPORT_TASK_PATH}.FailureCause`),
      ),
    },
    resultPath: '$.failure',
  });
  const withoutCause = new sfn.Pass(scope, `Describe the export end${suffix}`, {
    parameters: {
      error: 'ExportFailed',
      cause: sfn.JsonPath.format(
        'RDS export {} ended {} without a failure cause',
        exportId,
        sfn.JsonPath.stringAt(status),
      ),
    },
    resultPath: '$.failure',
  });
  const exportEndedBadly = new sfn.Pass(scope, `Export ended badly${suffix}`);
  withCause.next(exportEndedBadly);
  withoutCause.next(exportEndedBadly);
  const complete = new sfn.Pass(scope, `Export complete${suffix}`);

  wait.next(describe).next(
    new sfn.Choice(scope, `Export status?${suffix}`)
      .when(sfn.Condition.stringEquals(status, 'COMPLETE'), complete)
      .when(
        sfn.Condition.and(endedBadly, sfn.Condition.isPresent(`${EXPORT_TASK_PATH}.FailureCause`)),
        withCause,
      )
      .when(endedBadly, withoutCause)
      .otherwise(wait),
  );
  return { start, describe, complete, exportEndedBadly };
}

/**
 * A manual snapshot of the instance or cluster named after the export, waited for, exported and
 * deleted on every way out once it exists.
 */
function freshManualSnapshot(scope: Construct, props: ExportStatesProps): sfn.IChainable {
  const { database } = props;
  const cluster = database.clusterIdentifier !== undefined;
  const api = cluster ? CLUSTER_API : INSTANCE_API;
  const identifier = database.clusterIdentifier ?? database.instanceIdentifier;
  const snapshotId = sfn.JsonPath.stringAt('$.run.exportId');
  const ownSnapshots = rdsArn(scope, api.arnResource, exportTaskId(props.exportTaskPrefix, '*'));
  const what = `${cluster ? 'Aurora cluster' : 'RDS instance'} ${identifier}`;

  const take = new tasks.CallAwsService(scope, 'Take a snapshot', {
    service: 'rds',
    action: api.create,
    iamAction: iamAction(api.create),
    iamResources: [rdsArn(scope, api.databaseResource, identifier), ownSnapshots],
    parameters: { [api.identifierParameter]: identifier, [api.snapshotParameter]: snapshotId },
    resultPath: sfn.JsonPath.DISCARD,
  });
  take.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));
  const waitForSnapshot = new sfn.Wait(scope, 'Wait for the snapshot', {
    time: sfn.WaitTime.duration(props.pollInterval),
  });
  // A re-run of the same run finds its snapshot already taken.
  take.addCatch(waitForSnapshot, {
    errors: [`Rds.${api.errorNoun}AlreadyExistsException`],
    resultPath: sfn.JsonPath.DISCARD,
  });
  // No snapshot was taken (e.g. the quota is reached): nothing to delete.
  const notTaken = new sfn.Pass(scope, 'Describe the snapshot failure', {
    parameters: {
      cause: sfn.JsonPath.format(
        `Could not take a snapshot of ${what}: {}: {}`,
        sfn.JsonPath.stringAt('$.error.Error'),
        sfn.JsonPath.stringAt('$.error.Cause'),
      ),
    },
    resultPath: '$.failure',
  });
  take.addCatch(
    notTaken.next(
      new sfn.Fail(scope, 'Snapshot not taken', {
        error: 'SnapshotFailed',
        causePath: sfn.JsonPath.stringAt('$.failure.cause'),
      }),
    ),
    { errors: ['States.ALL'], resultPath: '$.error' },
  );

  const describeSnapshot = new tasks.CallAwsService(scope, 'Describe the snapshot', {
    service: 'rds',
    action: api.describe,
    iamAction: iamAction(api.describe),
    iamResources: [ownSnapshots],
    parameters: { [api.snapshotParameter]: snapshotId },
    resultSelector: {
      arn: sfn.JsonPath.stringAt(`$.${api.listField}[0].${api.arnField}`),
      status: sfn.JsonPath.stringAt(`$.${api.listField}[0].Status`),
    },
    resultPath: '$.exportSource',
  });
  describeSnapshot.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));

  // Every failure once the snapshot exists: `$.failure = { error, cause }`, then the deletion.
  const runFailed = new sfn.Fail(scope, 'Run failed', {
    errorPath: sfn.JsonPath.stringAt('$.failure.error'),
    causePath: sfn.JsonPath.stringAt('$.failure.cause'),
  });
  const deleteAfterFailure = deleteSnapshot(
    scope,
    api,
    'Delete the snapshot after a failure',
    ownSnapshots,
    runFailed,
  );
  const failWith = (id: string, task: sfn.TaskStateBase) => {
    const describeError = new sfn.Pass(scope, id, {
      parameters: {
        error: sfn.JsonPath.stringAt('$.error.Error'),
        cause: sfn.JsonPath.stringAt('$.error.Cause'),
      },
      resultPath: '$.failure',
    });
    task.addCatch(describeError.next(deleteAfterFailure), { errors: ['States.ALL'], resultPath: '$.error' });
  };
  failWith('Snapshot describe failed', describeSnapshot);

  const snapshotFailed = new sfn.Pass(scope, 'Snapshot not available', {
    parameters: {
      error: 'SnapshotFailed',
      cause: sfn.JsonPath.format(
        `The snapshot {} of ${what} taken for the export is {}, not available; see its events in RDS.`,
        snapshotId,
        sfn.JsonPath.stringAt('$.exportSource.status'),
      ),
    },
    resultPath: '$.failure',
  });
  snapshotFailed.next(deleteAfterFailure);

  const own = exportUntilEnded(scope, props, ' (own snapshot)');
  failWith('Export start failed', own.start);
  failWith('Export describe failed', own.describe);
  own.exportEndedBadly.next(deleteAfterFailure);
  own.complete.next(deleteSnapshot(scope, api, 'Delete the snapshot', ownSnapshots, props.next));

  take
    .next(waitForSnapshot)
    .next(describeSnapshot)
    .next(
      new sfn.Choice(scope, 'Snapshot status?')
        .when(sfn.Condition.stringEquals('$.exportSource.status', 'available'), own.start)
        .when(sfn.Condition.stringEquals('$.exportSource.status', 'creating'), waitForSnapshot)
        .otherwise(snapshotFailed),
    );
  return take;
}

/**
 * Deletes the run's snapshot (`$.run.exportId`), then goes to `next`. Already gone (a re-run)
 * counts as deleted; any other error ends the run in `Snapshot not deleted`, naming the snapshot
 * and the command that deletes it by hand.
 */
function deleteSnapshot(
  scope: Construct,
  api: SnapshotApi,
  id: (typeof DELETE_SNAPSHOT_STATES)[number],
  ownSnapshots: string,
  next: sfn.IChainable,
): sfn.TaskStateBase {
  const snapshotId = sfn.JsonPath.stringAt('$.run.exportId');
  const task = new tasks.CallAwsService(scope, id, {
    service: 'rds',
    action: api.delete,
    iamAction: iamAction(api.delete),
    iamResources: [ownSnapshots],
    parameters: { [api.snapshotParameter]: snapshotId },
    resultPath: sfn.JsonPath.DISCARD,
  });
  task.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));
  task.addCatch(next, {
    errors: [`Rds.${api.errorNoun}NotFoundException`],
    resultPath: sfn.JsonPath.DISCARD,
  });
  const describeFailure = new sfn.Pass(scope, `${id}: describe the failure`, {
    parameters: {
      cause: sfn.JsonPath.format(
        `Could not delete the run's snapshot {} ({}: {}); delete it by hand (${api.cliDelete} <id>): manual snapshots count against RDS's quota of 100 per Region.`,
        snapshotId,
        sfn.JsonPath.stringAt('$.error.Error'),
        sfn.JsonPath.stringAt('$.error.Cause'),
      ),
    },
    resultPath: '$.failure',
  });
  task.addCatch(
    describeFailure.next(
      new sfn.Fail(scope, `${id}: not deleted`, {
        error: 'SnapshotNotDeleted',
        causePath: sfn.JsonPath.stringAt('$.failure.cause'),
      }),
    ),
    { errors: ['States.ALL'], resultPath: '$.error' },
  );
  task.next(next);
  return task;
}
