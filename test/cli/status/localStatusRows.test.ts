import { localStatusRows } from '../../../lib/cli/status/localStatusRows';
import type { LoggedRun } from '../../../lib/local/runLog';

const NOW = new Date('2026-12-07T04:00:00.000Z');
const succeeded: LoggedRun = {
  source: 'shop',
  runId: '20261207T030000Z',
  status: 'SUCCEEDED',
  pid: 100,
  startedAt: '2026-12-07T03:00:00.000Z',
  endedAt: '2026-12-07T03:01:00.000Z',
  tables: [{ table: 'users', status: 'done', rows: 400, bytes: 1, dropped: [], masked: [], seconds: 1 }],
};

describe('localStatusRows', () => {
  it('shows a source’s last run that is still running with its pid and start, beside the tables’ last runs', () => {
    // Arrange
    const running: LoggedRun = {
      source: 'shop',
      runId: '20261207T035900Z',
      status: 'RUNNING',
      pid: 4242,
      startedAt: '2026-12-07T03:59:00.000Z',
      tables: [],
    };

    // Act
    const rows = localStatusRows([succeeded, running], NOW);

    // Assert
    expect(rows).toEqual([
      [
        'shop',
        '-',
        '20261207T035900Z',
        'run RUNNING: pid 4242 since 2026-12-07T03:59:00.000Z',
        null,
        null,
        null,
      ],
      ['shop', 'users', '20261207T030000Z', 'done', 400, '20261207T030000Z', '59 min'],
    ]);
  });

  it('shows a killed run as KILLED with its error', () => {
    // Arrange
    const killed: LoggedRun = {
      source: 'shop',
      runId: '20261207T035900Z',
      status: 'KILLED',
      pid: 4242,
      startedAt: '2026-12-07T03:59:00.000Z',
      tables: [],
      error: 'process 4242 ended before the run did (killed or crashed)',
    };

    // Act
    const rows = localStatusRows([succeeded, killed], NOW);

    // Assert
    expect(rows[0]).toEqual([
      'shop',
      '-',
      '20261207T035900Z',
      'run KILLED: process 4242 ended before the run did (killed or crashed)',
      null,
      null,
      null,
    ]);
  });
});
