/**
 * Every local run leaves an entry in the run log, also one killed with SIGKILL: the run is logged
 * RUNNING with its pid from its start, `status --local` shows it KILLED once its process is gone,
 * and the next run takes over the lake (logging it KILLED). While a run is going, a second run on
 * the same lake directory fails at once naming it. (The first run is stopped with SIGSTOP while the
 * second starts, so the second surely meets it running, however slow the machine.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggedRun } from '../../../lib/local/runLog';
import { datalake, type Outcome, type RunningDatalake, startDatalake } from '../../helpers/runDatalake';

const runsIn = (lake: string): LoggedRun[] =>
  existsSync(join(lake, 'runs.json'))
    ? (JSON.parse(readFileSync(join(lake, 'runs.json'), 'utf8')) as { runs: LoggedRun[] }).runs
    : [];

/** Polls until `found` gives a value, failing after `ms`. */
async function waitFor<T>(what: string, found: () => T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = found();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('datalake local killed with SIGKILL mid-run', () => {
  let lake: string;
  let first: RunningDatalake;
  let running: LoggedRun;
  let second: Outcome;
  let secondSeconds: number;
  let killedStatus: Outcome;
  let next: Outcome;

  beforeAll(async () => {
    lake = mkdtempSync(join(tmpdir(), 'cli-killed-'));
    // Arrange: a demo run, caught while its tables are being exported
    first = startDatalake('local', '--lake-dir', lake);
    running = await waitFor('the first run to be logged RUNNING', () =>
      runsIn(lake).find((run) => run.status === 'RUNNING'),
    );
    await waitFor('the first run to export', () =>
      existsSync(join(lake, 'buckets', 'raw')) ? true : undefined,
    );

    // Stopped (not ended) while a second run starts, so the first is surely still going then.
    first.child.kill('SIGSTOP');

    // Act: a second run on the same lake while the first runs, then SIGKILL the first
    const started = Date.now();
    second = await datalake('local', '--lake-dir', lake);
    secondSeconds = (Date.now() - started) / 1000;
    first.child.kill('SIGKILL');
    await first.exited;
    killedStatus = await datalake('status', '--local', '--lake-dir', lake);
    next = await datalake('local', '--lake-dir', lake);
  }, 180_000);

  afterAll(() => {
    first.child.kill('SIGKILL');
    rmSync(lake, { recursive: true, force: true });
  });

  it('logs the run RUNNING with its pid and start time from its start', () => {
    // Assert
    expect(running).toMatchObject({ source: 'marketplace', status: 'RUNNING', pid: first.child.pid });
    expect(running.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('fails a second run on the same lake at once, naming the first (run, pid, start time)', () => {
    // Assert
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `error: Another local run holds this lake directory: run ${running.runId} of source marketplace, pid ${first.child.pid} on `,
    );
    expect(second.stderr).toContain(`started ${running.startedAt}`);
    expect(second.stdout).not.toMatch(/exporting|running/);
    // Starting node and tsx takes a few seconds; the demo run itself takes longer.
    expect(secondSeconds).toBeLessThan(20);
  });

  it('shows the killed run as KILLED with its pid in status --local', () => {
    // Assert
    expect(killedStatus.code).toBe(0);
    expect(killedStatus.stdout).toMatch(
      new RegExp(
        `marketplace │ -\\s+│ ${running.runId} │ run KILLED: process ${first.child.pid} ended before the run did \\(killed or crashed\\)`,
      ),
    );
  });

  it('runs the next run to the end, reporting the killed run and logging it KILLED', () => {
    // Assert
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/SUCCEEDED in \d+\.\d s/);
    expect(next.stderr).toContain(
      `warning: run ${running.runId} of source marketplace (pid ${first.child.pid}, started ${running.startedAt}) ended before it finished (killed or crashed); logged as KILLED`,
    );
    expect(runsIn(lake).map((run) => [run.runId === running.runId, run.status])).toEqual([
      [true, 'KILLED'],
      [false, 'SUCCEEDED'],
    ]);
    expect(existsSync(join(lake, 'run.lock'))).toBe(false);
  });
});
