import { RDSClient } from '@aws-sdk/client-rds';
import { latestAutomatedSnapshot } from '../../lib/adapters/rds';
import { findSnapshotTask } from '../../lib/tasks/findSnapshot/findSnapshotTask';
import { bindTask } from '../../lib/tasks/Task';

/** The find-snapshot state of the snapshot pipeline (`findSnapshotTask`) on RDS. */
export const handler = bindTask(findSnapshotTask, {
  latestAutomatedSnapshot: latestAutomatedSnapshot.bind(undefined, new RDSClient({})),
});
