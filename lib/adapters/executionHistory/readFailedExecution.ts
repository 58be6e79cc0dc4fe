import {
  DescribeExecutionCommand,
  type HistoryEvent,
  paginateGetExecutionHistory,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { FailedExecution } from './FailedExecution';

/** GetExecutionHistory's largest page ("GetExecutionHistory", AWS Step Functions API Reference: maximum 1000). */
const HISTORY_PAGE_SIZE = 1000;

/**
 * The cause a Fail state, or the Pass a failed table's branch ends in (`tableFailed`), entered
 * with: `$.failure.cause` of its input, as the pipelines' states take it.
 */
function failCause(event: HistoryEvent): string | undefined {
  if (event.type !== 'FailStateEntered' && event.type !== 'PassStateEntered') return undefined;
  try {
    const input: unknown = JSON.parse(event.stateEnteredEventDetails?.input ?? '');
    if (typeof input !== 'object' || input === null || !('failure' in input)) return undefined;
    const { failure } = input;
    if (typeof failure !== 'object' || failure === null || !('cause' in failure)) return undefined;
    return typeof failure.cause === 'string' ? failure.cause : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What an ended execution tells about its failure: its name, state machine, status, start, error
 * and cause (DescribeExecution), and the causes its Fail states and failed tables' Pass states
 * entered with, in order (GetExecutionHistory, every page: `FailStateEntered` and
 * `PassStateEntered` events whose state input holds `$.failure.cause`). A table's state inside an
 * inline Map is in the parent's history; a Distributed Map's children are not, so the replica run
 * reads their notes back in an inline Map that enters `tableFailed` with each.
 *
 * @example
 * ```ts
 * await readFailedExecution(new SFNClient({}), 'arn:aws:states:eu-west-1:123456789012:execution:marketplace-service-snapshot:e-1');
 * // { name: 'e-1', stateMachineArn: '…', status: 'FAILED', error: 'TableFailed', failCauses: ['Table service.items failed with …'], … }
 * ```
 */
export async function readFailedExecution(client: SFNClient, executionArn: string): Promise<FailedExecution> {
  const described = await client.send(new DescribeExecutionCommand({ executionArn }));
  const failCauses: string[] = [];
  const pages = paginateGetExecutionHistory(
    { client, pageSize: HISTORY_PAGE_SIZE },
    { executionArn, includeExecutionData: true },
  );
  for await (const page of pages) {
    for (const event of page.events ?? []) {
      const cause = failCause(event);
      if (cause !== undefined) failCauses.push(cause);
    }
  }
  return {
    executionArn,
    name: described.name ?? executionArn.split(':').at(-1) ?? executionArn,
    stateMachineArn: described.stateMachineArn ?? '',
    status: described.status ?? 'FAILED',
    startedAt: described.startDate?.toISOString() ?? '',
    ...(described.error === undefined ? {} : { error: described.error }),
    ...(described.cause === undefined ? {} : { cause: described.cause }),
    failCauses,
  };
}
