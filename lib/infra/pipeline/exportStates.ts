import { ArnFormat, type Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { SnapshotExportRole } from '../source/SnapshotExportRole';
import { TRANSIENT_SDK_ERRORS, transientRetry } from './transientRetry';

/** The RDS database a source's exports come from: an instance or an Aurora cluster. */
export type ExportedDatabase =
  | { readonly instanceIdentifier: string; readonly clusterIdentifier?: undefined }
  | { readonly clusterIdentifier: string; readonly instanceIdentifier?: undefined };

/** Props of {@link exportStates}. */
export interface ExportStatesProps {
  readonly database: ExportedDatabase;
  /** The role, bucket, prefix and key of the export. */
  readonly exportRole: SnapshotExportRole;
  /** The StartExportTask `ExportOnly` list; `undefined` exports the whole snapshot. */
  readonly exportOnly?: readonly string[];
  /** The export task prefix: the snapshots this pipeline takes are named `<prefix>-…`. */
  readonly exportTaskPrefix: string;
  /** How long to wait between two looks at the snapshot or the export. */
  readonly pollInterval: Duration;
  /** Where the run goes when the export is COMPLETE. */
  readonly next: sfn.IChainable;
}

/** Statuses of DescribeExportTasks after which the export will not complete. */
const EXPORT_ENDED_BADLY = ['FAILED', 'CANCELED'];

function rdsArn(scope: Construct, resource: string, resourceName: string): string {
  return Stack.of(scope).formatArn({
    service: 'rds',
    resource,
    resourceName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/**
 * The states from a named run (`$.run.exportId`) to a COMPLETE RDS export: pick what to
 * export into `$.exportSource.arn` (the given `$.snapshotArn`; else the Aurora cluster;
 * else a manual snapshot of the instance, named after the export, waited for), start the
 * export, then poll DescribeExportTasks with a Wait state — no Lambda sleeps. FAILED or
 * CANCELED ends the run in the `Export failed` Fail state with RDS's FailureCause.
 *
 * StartExportTask is idempotent per run: a retry or re-run that finds the export task
 * already there goes on polling it.
 */
export function exportStates(scope: Construct, props: ExportStatesProps): sfn.IChainable {
  const { exportRole } = props;
  const exportId = sfn.JsonPath.stringAt('$.run.exportId');
  const prefix = exportRole.prefix.replace(/\/+$/, '');

  const startExport = new tasks.CallAwsService(scope, 'Start the export', {
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
  startExport.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));

  const waitForExport = new sfn.Wait(scope, 'Wait for the export', {
    time: sfn.WaitTime.duration(props.pollInterval),
  });
  startExport.addCatch(waitForExport, {
    errors: ['Rds.ExportTaskAlreadyExistsException'],
    resultPath: sfn.JsonPath.DISCARD,
  });
  startExport.next(waitForExport);

  const describeExport = new tasks.CallAwsService(scope, 'Describe the export', {
    service: 'rds',
    action: 'describeExportTasks',
    iamAction: 'rds:DescribeExportTasks',
    iamResources: ['*'],
    parameters: { ExportTaskIdentifier: exportId },
    resultSelector: { task: sfn.JsonPath.objectAt('$.ExportTasks[0]') },
    resultPath: '$.export',
  });
  describeExport.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));

  const exportFailed = new sfn.Fail(scope, 'Export failed', {
    error: 'ExportFailed',
    causePath: sfn.JsonPath.stringAt('$.failure.cause'),
  });
  const status = '$.export.task.Status';
  const endedBadly = sfn.Condition.or(
    ...EXPORT_ENDED_BADLY.map((value) => sfn.Condition.stringEquals(status, value)),
  );
  const withCause = new sfn.Pass(scope, 'Describe the export failure', {
    parameters: {
      cause: sfn.JsonPath.format(
        'RDS export {} ended {}: {}',
        exportId,
        sfn.JsonPath.stringAt(status),
        sfn.JsonPath.stringAt('$.export.task.FailureCause'),
      ),
    },
    resultPath: '$.failure',
  });
  const withoutCause = new sfn.Pass(scope, 'Describe the export end', {
    parameters: {
      cause: sfn.JsonPath.format(
        'RDS export {} ended {} without a failure cause',
        exportId,
        sfn.JsonPath.stringAt(status),
      ),
    },
    resultPath: '$.failure',
  });

  waitForExport.next(describeExport).next(
    new sfn.Choice(scope, 'Export status?')
      .when(sfn.Condition.stringEquals(status, 'COMPLETE'), props.next)
      .when(
        sfn.Condition.and(endedBadly, sfn.Condition.isPresent('$.export.task.FailureCause')),
        withCause.next(exportFailed),
      )
      .when(endedBadly, withoutCause.next(exportFailed))
      .otherwise(waitForExport),
  );

  const givenSnapshot = new sfn.Pass(scope, 'Export the given snapshot', {
    parameters: { arn: sfn.JsonPath.stringAt('$.snapshotArn') },
    resultPath: '$.exportSource',
  });
  return new sfn.Choice(scope, 'Snapshot given?')
    .when(sfn.Condition.isPresent('$.snapshotArn'), givenSnapshot.next(startExport))
    .otherwise(defaultSource(scope, props, startExport));
}

/** An Aurora cluster exports directly; an RDS instance gets a manual snapshot first. */
function defaultSource(
  scope: Construct,
  props: ExportStatesProps,
  startExport: sfn.IChainable,
): sfn.IChainable {
  const { database } = props;
  if (database.clusterIdentifier !== undefined) {
    return new sfn.Pass(scope, 'Export the cluster', {
      parameters: { arn: rdsArn(scope, 'cluster', database.clusterIdentifier) },
      resultPath: '$.exportSource',
    }).next(startExport);
  }

  const snapshotId = sfn.JsonPath.stringAt('$.run.exportId');
  const ownSnapshots = rdsArn(scope, 'snapshot', `${props.exportTaskPrefix}-*`);
  const takeSnapshot = new tasks.CallAwsService(scope, 'Take a snapshot', {
    service: 'rds',
    action: 'createDBSnapshot',
    iamAction: 'rds:CreateDBSnapshot',
    iamResources: [rdsArn(scope, 'db', database.instanceIdentifier), ownSnapshots],
    parameters: { DbInstanceIdentifier: database.instanceIdentifier, DbSnapshotIdentifier: snapshotId },
    resultPath: sfn.JsonPath.DISCARD,
  });
  takeSnapshot.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));
  const waitForSnapshot = new sfn.Wait(scope, 'Wait for the snapshot', {
    time: sfn.WaitTime.duration(props.pollInterval),
  });
  // A re-run of the same run finds its snapshot already taken.
  takeSnapshot.addCatch(waitForSnapshot, {
    errors: ['Rds.DbSnapshotAlreadyExistsException'],
    resultPath: sfn.JsonPath.DISCARD,
  });
  const describeSnapshot = new tasks.CallAwsService(scope, 'Describe the snapshot', {
    service: 'rds',
    action: 'describeDBSnapshots',
    iamAction: 'rds:DescribeDBSnapshots',
    iamResources: [ownSnapshots],
    parameters: { DbSnapshotIdentifier: snapshotId },
    resultSelector: {
      arn: sfn.JsonPath.stringAt('$.DbSnapshots[0].DbSnapshotArn'),
      status: sfn.JsonPath.stringAt('$.DbSnapshots[0].Status'),
    },
    resultPath: '$.exportSource',
  });
  describeSnapshot.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));
  const snapshotFailed = new sfn.Fail(scope, 'Snapshot failed', {
    error: 'SnapshotFailed',
    cause: `The snapshot of ${database.instanceIdentifier} taken for the export did not become available; see its events in RDS.`,
  });

  takeSnapshot
    .next(waitForSnapshot)
    .next(describeSnapshot)
    .next(
      new sfn.Choice(scope, 'Snapshot status?')
        .when(sfn.Condition.stringEquals('$.exportSource.status', 'available'), startExport)
        .when(sfn.Condition.stringEquals('$.exportSource.status', 'creating'), waitForSnapshot)
        .otherwise(snapshotFailed),
    );
  return takeSnapshot;
}
