import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { tableFailed } from '../stateMachine/catchTableFailure';
import { failWhenTablesFailed } from '../stateMachine/failWhenTablesFailed';
import { TRANSIENT_SDK_ERRORS, transientRetry } from '../stateMachine/transientRetry';
import { listRunObjects } from './listRunObjects';
import { NOTE_KEY_TABLE_INDEX } from './replicaTableFailure';

/**
 * Failure notes a run reads back and names at most. ListObjectsV2 returns up to 1,000 keys; with
 * their metadata 100 keep the listing near 25 KiB, far below a state's 256 KiB ("Step Functions
 * service quotas", https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html); the
 * run fails all the same when more tables failed.
 */
export const MAX_NAMED_FAILED_TABLES = 100;

/** Props of {@link replicaFailedTables}. */
export interface ReplicaFailedTablesProps {
  /** The objects of the source's stored runs, where the failure notes are read. */
  readonly runObjectsArn: string;
}

/**
 * How a replica run ends once every pool's tables have had their turn, as the snapshot run does
 * (`failWhenTablesFailed`): `List the failed tables` lists the run's failure notes
 * (`$.plan.failures`, one per failed table, see `noteTableFailure`); with none the run succeeds
 * (`Every table committed`); else `Read the failed tables` (an inline Map, whose iterations are in
 * the run's history, unlike a Distributed Map's children: "Map workflow state",
 * https://docs.aws.amazon.com/step-functions/latest/dg/state-map.html)
 * reads each note (its cause; its key names the table) and enters `Failed: table failed` with
 * `{ table, cause }` (where the failure
 * message reads each table's cause), and the run ends in `Tables failed` (`TableFailed`) naming
 * them. Every table without a note is committed by then.
 */
export function replicaFailedTables(scope: Construct, props: ReplicaFailedTablesProps): sfn.IChainable {
  const done = new sfn.Succeed(scope, 'Every table committed');
  const read = new tasks.CallAwsService(scope, 'Read a failure note', {
    service: 's3',
    action: 'getObject',
    iamAction: 's3:GetObject',
    iamResources: [props.runObjectsArn],
    parameters: {
      Bucket: sfn.JsonPath.stringAt('$.bucket'),
      Key: sfn.JsonPath.stringAt('$.key'),
    },
    resultSelector: { cause: sfn.JsonPath.stringAt('$.Body') },
    resultPath: '$.failure',
  });
  read.addRetry(transientRetry(TRANSIENT_SDK_ERRORS));
  const notes = new sfn.Map(scope, 'Read the failed tables', {
    itemsPath: '$.failures.Contents',
    itemSelector: {
      bucket: sfn.JsonPath.stringAt('$.plan.bucket'),
      key: sfn.JsonPath.stringAt('$$.Map.Item.Value.Key'),
    },
    maxConcurrency: 10,
    resultSelector: { results: sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$')) },
    resultPath: '$.tables',
  });
  // The note's key names its table: `failures/<table>/cause.txt`.
  const nameTable = new sfn.Pass(scope, 'Name the noted table', {
    parameters: {
      table: sfn.JsonPath.arrayGetItem(
        sfn.JsonPath.stringSplit(sfn.JsonPath.stringAt('$.key'), '/'),
        NOTE_KEY_TABLE_INDEX,
      ),
      cause: sfn.JsonPath.stringAt('$.failure.cause'),
    },
    resultPath: '$.failure',
  });
  notes.itemProcessor(read.next(nameTable).next(tableFailed(scope, 'Failed:')));
  return listRunObjects(scope, 'List the failed tables', '$.plan.bucket', {
    prefix: '$.plan.failures',
    maxKeys: MAX_NAMED_FAILED_TABLES,
    resultPath: '$.failures',
  }).next(
    new sfn.Choice(scope, 'Any table noted?')
      .when(
        sfn.Condition.numberGreaterThan('$.failures.KeyCount', 0),
        notes.next(failWhenTablesFailed(scope, { resultsPath: '$.tables.results', next: done })),
      )
      .otherwise(done),
  );
}
