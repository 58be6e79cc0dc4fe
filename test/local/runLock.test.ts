import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRunInProgressError } from '../../lib/core/errors';
import { currentProcess } from '../../lib/local/processIdentity';
import { acquireRunLock, type RunLockOwner, readRunLock, releaseRunLock } from '../../lib/local/runLock';

/** The pid of a process that has exited (and been reaped). */
const deadPid = (): number => spawnSync('true').pid ?? 0;

const ownerOf = (runId: string, process: Partial<RunLockOwner> = {}): RunLockOwner => ({
  runId,
  source: 'shop',
  startedAt: '2026-12-07T03:00:00.000Z',
  ...currentProcess(),
  ...process,
});

describe('acquireRunLock', () => {
  let dir: string;
  let lock: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-lock-'));
    lock = join(dir, 'lake', 'run.lock');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a free lake directory, recording the run and its process, and leaves no other file', async () => {
    // Act
    const killed = await acquireRunLock(lock, ownerOf('r1'));

    // Assert
    expect(killed).toBeUndefined();
    expect(await readRunLock(lock)).toEqual(ownerOf('r1'));
    expect(readdirSync(join(dir, 'lake'))).toEqual(['run.lock']);
  });

  it('refuses a second run while the first one’s process runs, naming its run, pid, host and start', async () => {
    // Arrange
    await acquireRunLock(lock, ownerOf('r1'));

    // Act
    const second = acquireRunLock(lock, ownerOf('r2'));

    // Assert
    await expect(second).rejects.toThrow(LocalRunInProgressError);
    await expect(second).rejects.toThrow(
      `Another local run holds this lake directory: run r1 of source shop, pid ${process.pid} on ${hostname()}, started 2026-12-07T03:00:00.000Z`,
    );
    expect((await readRunLock(lock))?.runId).toBe('r1');
  });

  it('takes over the lock of a process that has ended and returns that run as killed', async () => {
    // Arrange
    const dead = ownerOf('r1', { pid: deadPid() });
    await acquireRunLock(lock, dead);

    // Act
    const killed = await acquireRunLock(lock, ownerOf('r2'));

    // Assert
    expect(killed).toEqual(dead);
    expect((await readRunLock(lock))?.runId).toBe('r2');
    expect(readdirSync(join(dir, 'lake'))).toEqual(['run.lock']);
  });

  it('counts a pid now used by another process as ended (its start time differs)', async () => {
    // Arrange: this process's pid, but a start time it does not have
    const reused = ownerOf('r1', { startTicks: (currentProcess().startTicks ?? 0) + 1 });
    await acquireRunLock(lock, reused);

    // Act
    const killed = await acquireRunLock(lock, ownerOf('r2'));

    // Assert
    expect(killed?.runId).toBe('r1');
  });

  it('counts a process of another host as running (its pid cannot be checked here)', async () => {
    // Arrange
    await acquireRunLock(lock, ownerOf('r1', { pid: deadPid(), host: 'elsewhere' }));

    // Act / Assert
    await expect(acquireRunLock(lock, ownerOf('r2'))).rejects.toThrow(/pid \d+ on elsewhere/);
  });

  it('lets exactly one of 10 runs started at once take over a dead lock', async () => {
    // Arrange
    await acquireRunLock(lock, ownerOf('dead', { pid: deadPid() }));

    // Act
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) => acquireRunLock(lock, ownerOf(`r${index}`))),
    );

    // Assert
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((o) => o.reason)).toEqual(
      Array.from({ length: 9 }, () => expect.any(LocalRunInProgressError)),
    );
    expect(readdirSync(join(dir, 'lake'))).toEqual(['run.lock']);
  });

  it('refuses a lock file holding something else, naming the file', async () => {
    // Arrange
    await acquireRunLock(lock, ownerOf('r1'));
    writeFileSync(lock, 'garbage');

    // Act / Assert
    await expect(acquireRunLock(lock, ownerOf('r2'))).rejects.toThrow(
      `The run lock ${lock} holds "garbage", not a run's owner`,
    );
  });
});

describe('releaseRunLock', () => {
  it('removes the lock of its own run only', async () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), 'run-lock-'));
    const lock = join(dir, 'run.lock');
    await acquireRunLock(lock, ownerOf('r1'));

    // Act
    await releaseRunLock(lock, 'r0');
    const kept = readFileSync(lock, 'utf8');
    await releaseRunLock(lock, 'r1');

    // Assert
    expect(JSON.parse(kept).runId).toBe('r1');
    expect(await readRunLock(lock)).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });
});
