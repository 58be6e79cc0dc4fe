import {
  DescribeExecutionCommand,
  type ExecutionListItem,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { QueryValue } from '../../adapters/athena';
import type { DataLakeConfig } from '../../config';
import { stateMachineName } from '../../core/naming';
import { formatAge } from '../formatAge';

/** Columns of {@link awsStatusRows}. */
export const AWS_STATUS_HEADERS = [
  'source',
  'state machine',
  'last run',
  'status',
  'started',
  'last success',
  'freshness',
];

/** Executions looked at per source to find the last successful one. */
const EXECUTIONS_LOOKED_AT = 50;

async function stateMachineArns(client: SFNClient): Promise<Map<string, string>> {
  const arns = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListStateMachinesCommand({ nextToken: token }));
    for (const machine of page.stateMachines ?? [])
      arns.set(machine.name ?? '', machine.stateMachineArn ?? '');
    token = page.nextToken;
  } while (token !== undefined);
  return arns;
}

/**
 * One row per source of the deployed lake from Step Functions: the source's snapshot state
 * machine, its newest execution (name, status, start; with the failure cause from
 * DescribeExecution when it failed), and the newest successful execution's end and age.
 *
 * @example
 * ```ts
 * await awsStatusRows(config, new SFNClient({}), new Date());
 * // [['service', 'marketplace-service-snapshot', 'run-…', 'SUCCEEDED', '2026-11-23T03:00:05Z', …]]
 * ```
 */
export async function awsStatusRows(
  config: DataLakeConfig,
  client: SFNClient,
  now: Date,
): Promise<QueryValue[][]> {
  const arns = await stateMachineArns(client);
  const rows: QueryValue[][] = [];
  for (const source of config.sources) {
    const name = stateMachineName(config.name, source.name, 'snapshot');
    const arn = arns.get(name);
    if (arn === undefined) {
      rows.push([source.name, name, null, 'not deployed', null, null, null]);
      continue;
    }
    const { executions = [] } = await client.send(
      new ListExecutionsCommand({ stateMachineArn: arn, maxResults: EXECUTIONS_LOOKED_AT }),
    );
    const latest: ExecutionListItem | undefined = executions[0];
    const success = executions.find((execution) => execution.status === 'SUCCEEDED');
    let status: string = latest?.status ?? 'never run';
    if (latest?.status === 'FAILED' && latest.executionArn !== undefined) {
      const described = await client.send(
        new DescribeExecutionCommand({ executionArn: latest.executionArn }),
      );
      status = `FAILED: ${described.error ?? ''} ${described.cause ?? ''}`.trim();
    }
    rows.push([
      source.name,
      name,
      latest?.name ?? null,
      status,
      latest?.startDate?.toISOString() ?? null,
      success?.stopDate?.toISOString() ?? null,
      success?.stopDate ? formatAge(success.stopDate, now) : null,
    ]);
  }
  return rows;
}
