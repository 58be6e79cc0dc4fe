import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localLakePaths } from '../../lib/local/localCatalogPaths';
import { currentProcess } from '../../lib/local/processIdentity';
import { readLocalRuns } from '../../lib/local/readLocalRuns';
import { acquireRunLock } from '../../lib/local/runLock';
import {
  type LoggedRun,
  markRunKilled,
  putRunLogEntry,
  readRunLog,
  releaseRunLogSpace,
  reserveRunLogSpace,
} from '../../lib/local/runLog';

const STARTED = '2026-12-07T03:00:00.000Z';
const runningEntry = (runId: string, pid: number): LoggedRun => ({
  source: 'shop',
  runId,
  status: 'RUNNING',
  pid,
  startedAt: STARTED,
  tables: [],
});

describe('the local run log', () => {
  let lakeDir: string;
  beforeEach(() => {
    lakeDir = mkdtempSync(join(tmpdir(), 'run-log-'));
  });
  afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));

  it('puts a run’s end in place of its RUNNING entry, after the runs before it', async () => {
    // Arrange
    const { runLog } = localLakePaths(lakeDir);
    await putRunLogEntry(runLog, { ...runningEntry('r0', 1), status: 'SUCCEEDED', endedAt: STARTED });
    await putRunLogEntry(runLog, runningEntry('r1', 2));

    // Act
    await putRunLogEntry(runLog, {
      ...runningEntry('r1', 2),
      status: 'FAILED',
      error: 'ENOSPC',
      endedAt: STARTED,
    });

    // Assert
    expect((await readRunLog(runLog)).map((run) => [run.runId, run.status, run.error])).toEqual([
      ['r0', 'SUCCEEDED', undefined],
      ['r1', 'FAILED', 'ENOSPC'],
    ]);
  });

  it('marks a RUNNING run KILLED, adds one that died before its entry, and keeps an ended run as it is', async () => {
    // Arrange
    const { runLog } = localLakePaths(lakeDir);
    await putRunLogEntry(runLog, runningEntry('r1', 11));
    await putRunLogEntry(runLog, { ...runningEntry('r2', 12), status: 'SUCCEEDED' });

    // Act
    await markRunKilled(runLog, { source: 'shop', runId: 'r1', pid: 11, startedAt: STARTED });
    await markRunKilled(runLog, { source: 'shop', runId: 'r2', pid: 12, startedAt: STARTED });
    await markRunKilled(runLog, { source: 'shop', runId: 'r3', pid: 13, startedAt: STARTED });

    // Assert
    expect((await readRunLog(runLog)).map((run) => [run.runId, run.status, run.error])).toEqual([
      ['r1', 'KILLED', 'process 11 ended before the run did (killed or crashed)'],
      ['r2', 'SUCCEEDED', undefined],
      ['r3', 'KILLED', 'process 13 ended before the run did (killed or crashed)'],
    ]);
  });

  it('sets aside the log’s size plus 64 KiB of written bytes, freed before the last write', async () => {
    // Arrange
    const { runLog } = localLakePaths(lakeDir);
    await putRunLogEntry(runLog, runningEntry('r1', 1));

    // Act
    await reserveRunLogSpace(runLog);
    const reserve = statSync(`${runLog}.reserve`);
    await releaseRunLogSpace(runLog);

    // Assert
    expect(reserve.size).toBe(statSync(runLog).size + 64 * 1024);
    // Allocated blocks, not a sparse file (512-byte blocks).
    expect(reserve.blocks * 512).toBeGreaterThanOrEqual(reserve.size);
    expect(existsSync(`${runLog}.reserve`)).toBe(false);
  });
});

describe('readLocalRuns', () => {
  let lakeDir: string;
  beforeEach(() => {
    lakeDir = mkdtempSync(join(tmpdir(), 'run-log-'));
  });
  afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));

  it('reads a RUNNING run whose process holds the lock as RUNNING', async () => {
    // Arrange
    const paths = localLakePaths(lakeDir);
    await acquireRunLock(paths.runLock, {
      runId: 'r1',
      source: 'shop',
      startedAt: STARTED,
      ...currentProcess(),
    });
    await putRunLogEntry(paths.runLog, runningEntry('r1', process.pid));

    // Act
    const runs = await readLocalRuns(paths);

    // Assert
    expect(runs.map((run) => run.status)).toEqual(['RUNNING']);
  });

  it('reads a RUNNING run whose process is gone as KILLED, naming the pid, without writing the log', async () => {
    // Arrange: the run's process died holding the lock
    const paths = localLakePaths(lakeDir);
    const pid = spawnSync('true').pid ?? 0;
    await acquireRunLock(paths.runLock, {
      runId: 'r1',
      source: 'shop',
      startedAt: STARTED,
      pid,
      host: currentProcess().host,
    });
    await putRunLogEntry(paths.runLog, runningEntry('r1', pid));

    // Act
    const runs = await readLocalRuns(paths);

    // Assert
    expect(runs).toEqual([
      {
        ...runningEntry('r1', pid),
        status: 'KILLED',
        error: `process ${pid} ended before the run did (killed or crashed)`,
      },
    ]);
    expect((await readRunLog(paths.runLog))[0]?.status).toBe('RUNNING');
  });

  it('reads a RUNNING run with no lock (its lock taken over since) as KILLED', async () => {
    // Arrange
    const paths = localLakePaths(lakeDir);
    await putRunLogEntry(paths.runLog, runningEntry('r1', process.pid));

    // Act / Assert
    expect((await readLocalRuns(paths)).map((run) => run.status)).toEqual(['KILLED']);
  });
});
