import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryRunner } from '../../../lib/adapters/athena';
import { requiredEnv } from '../../../lib/adapters/env';
import { countRowsTask } from '../checks/countRowsTask';

const deps = {
  runner: new AthenaQueryRunner({ client: new AthenaClient({}), timeoutMs: 120_000 }),
  workGroup: requiredEnv('WORK_GROUP'),
  now: () => new Date(),
};

/** The integ check's row counter: see {@link countRowsTask}. */
export const handler = (event: unknown) => countRowsTask(event, deps);
