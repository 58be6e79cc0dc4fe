import { localPipelineStatuses } from '../../../lib/cli/status/localPipelineStatuses';
import type { LoggedPipeline, LoggedRun } from '../../../lib/local/runLog';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';

// Source service has a snapshot table (users) and a replica table (orders); source billing only
// a snapshot table.
const CONFIG = parsedConfig({
  sources: [
    validSource({ tables: [validTable(), { name: 'orders', mode: 'replica-query' }] }),
    validSource({ name: 'billing', database: 'billing' }),
  ],
});

/** Pipeline `pipeline` of a run started at `hour`:00, ended at `hour`:10 (snapshot) or :20 (replica). */
function logged(pipeline: LoggedPipeline['pipeline'], hour: string, error?: string): LoggedPipeline {
  const [start, end] = pipeline === 'snapshot' ? ['00', '10'] : ['10', '20'];
  return {
    pipeline,
    status: error === undefined ? 'SUCCEEDED' : 'FAILED',
    startedAt: `2026-12-07T${hour}:${start}:00.000Z`,
    endedAt: `2026-12-07T${hour}:${end}:00.000Z`,
    ...(error === undefined ? {} : { error }),
  };
}

/** A run of `source` started at `hour`:00 that ran `pipelines`. */
function run(
  hour: string,
  status: LoggedRun['status'],
  pipelines?: LoggedPipeline[],
  source = 'service',
): LoggedRun {
  const failed = pipelines?.find((entry) => entry.status === 'FAILED');
  return {
    source,
    runId: `20261207T${hour}0000Z`,
    status,
    pid: 4242,
    startedAt: `2026-12-07T${hour}:00:00.000Z`,
    ...(status === 'RUNNING' || status === 'KILLED' ? {} : { endedAt: `2026-12-07T${hour}:30:00.000Z` }),
    tables: [],
    ...(pipelines === undefined ? {} : { pipelines }),
    ...(failed?.error === undefined ? {} : { error: failed.error }),
    ...(status === 'KILLED' ? { error: 'process 4242 ended before the run did (killed or crashed)' } : {}),
  };
}

const forService = (statuses: ReturnType<typeof localPipelineStatuses>) =>
  statuses.filter((status) => status.source === 'service');

describe('localPipelineStatuses', () => {
  it('shows both pipelines of a source: the newest run of each with its error, and the newest success', () => {
    // Arrange
    const runs = [
      run('01', 'SUCCEEDED', [logged('snapshot', '01'), logged('replica', '01')]),
      run('02', 'FAILED', [logged('snapshot', '02'), logged('replica', '02', 'States.TaskFailed: orders')]),
    ];

    // Act
    const statuses = forService(localPipelineStatuses(CONFIG, runs));

    // Assert
    expect(statuses).toEqual([
      {
        source: 'service',
        pipeline: 'snapshot',
        stateMachine: 'testlake-service-snapshot',
        deployed: true,
        lastRun: {
          name: '20261207T020000Z',
          status: 'SUCCEEDED',
          startedAt: new Date('2026-12-07T02:00:00.000Z'),
          stoppedAt: new Date('2026-12-07T02:10:00.000Z'),
        },
        lastSuccess: { name: '20261207T020000Z', stoppedAt: new Date('2026-12-07T02:10:00.000Z') },
      },
      {
        source: 'service',
        pipeline: 'replica',
        stateMachine: 'testlake-service-replica',
        deployed: true,
        lastRun: {
          name: '20261207T020000Z',
          status: 'FAILED',
          startedAt: new Date('2026-12-07T02:10:00.000Z'),
          stoppedAt: new Date('2026-12-07T02:20:00.000Z'),
          error: 'States.TaskFailed: orders',
        },
        lastSuccess: { name: '20261207T010000Z', stoppedAt: new Date('2026-12-07T01:20:00.000Z') },
      },
    ]);
  });

  it('keeps a pipeline’s older run when the newest run failed before reaching it', () => {
    // Arrange
    const runs = [
      run('01', 'SUCCEEDED', [logged('snapshot', '01'), logged('replica', '01')]),
      run('02', 'FAILED', [logged('snapshot', '02', 'States.TaskFailed: users')]),
    ];

    // Act
    const [snapshot, replica] = forService(localPipelineStatuses(CONFIG, runs));

    // Assert
    expect(snapshot?.lastRun).toMatchObject({ name: '20261207T020000Z', status: 'FAILED' });
    expect(snapshot?.lastSuccess?.name).toBe('20261207T010000Z');
    expect(replica?.lastRun).toMatchObject({ name: '20261207T010000Z', status: 'SUCCEEDED' });
  });

  it('shows a running run as the last run of the pipelines it has not ended, and what it ended', () => {
    // Arrange
    const runs = [
      run('01', 'SUCCEEDED', [logged('snapshot', '01'), logged('replica', '01')]),
      run('02', 'RUNNING', [logged('snapshot', '02')]),
    ];

    // Act
    const [snapshot, replica] = forService(localPipelineStatuses(CONFIG, runs));

    // Assert
    expect(snapshot?.lastRun).toMatchObject({ name: '20261207T020000Z', status: 'SUCCEEDED' });
    expect(replica?.lastRun).toEqual({
      name: '20261207T020000Z',
      status: 'RUNNING',
      startedAt: new Date('2026-12-07T02:00:00.000Z'),
    });
    expect(replica?.lastSuccess?.name).toBe('20261207T010000Z');
  });

  it('shows a killed run as KILLED with its error on the pipelines it had not ended', () => {
    // Arrange
    const runs = [run('01', 'KILLED', [])];

    // Act
    const statuses = forService(localPipelineStatuses(CONFIG, runs));

    // Assert
    expect(
      statuses.map((status) => [status.pipeline, status.lastRun?.status, status.lastRun?.error]),
    ).toEqual([
      ['snapshot', 'KILLED', 'process 4242 ended before the run did (killed or crashed)'],
      ['replica', 'KILLED', 'process 4242 ended before the run did (killed or crashed)'],
    ]);
    expect(statuses.map((status) => status.lastSuccess)).toEqual([undefined, undefined]);
  });

  it('shows a pipeline never run, or run only by runs logged before pipelines were, with no last run', () => {
    // Arrange: an old log entry of service with no pipelines, and runs of another source
    const runs = [
      run('01', 'SUCCEEDED'),
      run('02', 'SUCCEEDED', [logged('snapshot', '02')], 'billing'),
      run('03', 'RUNNING', [], 'billing'),
    ];

    // Act
    const statuses = localPipelineStatuses(CONFIG, runs);

    // Assert: billing has only its snapshot pipeline; service's runs are not billing's
    expect(statuses).toEqual([
      { source: 'service', pipeline: 'snapshot', stateMachine: 'testlake-service-snapshot', deployed: true },
      { source: 'service', pipeline: 'replica', stateMachine: 'testlake-service-replica', deployed: true },
      expect.objectContaining({
        source: 'billing',
        pipeline: 'snapshot',
        stateMachine: 'testlake-billing-snapshot',
        lastRun: expect.objectContaining({ name: '20261207T030000Z', status: 'RUNNING' }),
        lastSuccess: { name: '20261207T020000Z', stoppedAt: new Date('2026-12-07T02:10:00.000Z') },
      }),
    ]);
  });
});
