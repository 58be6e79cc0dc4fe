import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataLakeError, LocalRunInProgressError, type LocalRunOwner } from '../core/errors';
import { isProcessRunning, type ProcessIdentity } from './processIdentity';

/** What a lake directory's run lock holds: the run and the process running it. */
export type RunLockOwner = LocalRunOwner & ProcessIdentity;

/** Tries to link the lock before giving up: a try waits while another run takes a dead lock over. */
const ATTEMPTS = 50;

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

/**
 * The owner recorded in a run lock; undefined when there is no lock.
 *
 * @throws DataLakeError naming the file when it holds no run lock's JSON
 */
export async function readRunLock(file: string): Promise<RunLockOwner | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as RunLockOwner;
  } catch (error) {
    throw new DataLakeError(
      `The run lock ${file} holds ${JSON.stringify(text.slice(0, 40))}, not a run's owner; allowed: the JSON a local run writes (delete the file if no run is going)`,
      { cause: error },
    );
  }
}

/**
 * Removes a dead owner's lock, under a takeover guard (a directory beside the lock: `mkdir` is
 * atomic) so that no two runs remove locks at once: a run that removed the lock file of a run
 * that had just taken it over would leave two runs each believing it holds the lake. Returns the
 * dead owner when this run removed its lock; undefined when another run is taking over (or the
 * lock changed meanwhile): the caller tries to link its lock again.
 */
async function takeOver(file: string, dead: RunLockOwner): Promise<RunLockOwner | undefined> {
  const guard = `${file}.takeover`;
  try {
    await mkdir(guard);
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    await removeAbandonedGuard(guard);
    await sleep(TAKEOVER_WAIT_MS);
    return undefined;
  }
  try {
    const held = await readRunLock(file);
    if (held === undefined || held.runId !== dead.runId || held.pid !== dead.pid) return undefined;
    await rm(file, { force: true });
    return held;
  } finally {
    await rm(guard, { recursive: true, force: true });
  }
}

/** A guard older than this was left by a run killed mid-takeover (a takeover takes milliseconds). */
const ABANDONED_GUARD_MS = 10_000;
/** How long a run waits while another takes a dead lock over. */
const TAKEOVER_WAIT_MS = 20;

async function removeAbandonedGuard(guard: string): Promise<void> {
  try {
    const { mtimeMs } = await stat(guard);
    if (Date.now() - mtimeMs > ABANDONED_GUARD_MS) await rm(guard, { recursive: true, force: true });
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Takes the run lock of a lake directory (`run.lock`) for `owner`, so one local run at a time
 * writes the directory's catalog and run log. The lock appears whole or not at all: written to a
 * file of its own, then hard-linked into place (`link` fails when the lock exists). A lock whose
 * process is gone (killed, crashed; see {@link isProcessRunning}) is taken over, and its owner
 * returned so the caller can record that run as killed.
 *
 * @returns the owner of a dead lock taken over; undefined when there was none
 * @throws LocalRunInProgressError naming the running owner (run, pid, host, start time)
 * @example
 * ```ts
 * const killed = await acquireRunLock('.local/lake/run.lock', { runId, source: 'shop', startedAt, ...currentProcess() });
 * ```
 */
export async function acquireRunLock(file: string, owner: RunLockOwner): Promise<RunLockOwner | undefined> {
  await mkdir(dirname(file), { recursive: true });
  const mine = `${file}.${owner.pid}-${randomUUID()}`;
  await writeFile(mine, `${JSON.stringify(owner)}\n`, { flag: 'wx' });
  let killed: RunLockOwner | undefined;
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      try {
        await link(mine, file);
        return killed;
      } catch (error) {
        if (code(error) !== 'EEXIST') throw error;
      }
      const held = await readRunLock(file);
      if (held === undefined) continue;
      if (isProcessRunning(held)) throw new LocalRunInProgressError(held, file);
      killed = (await takeOver(file, held)) ?? killed;
    }
    throw new DataLakeError(
      `Could not take the run lock ${file} in ${ATTEMPTS} attempts: other runs took it each time`,
    );
  } finally {
    await rm(mine, { force: true });
  }
}

/** Removes the run lock if `runId` still holds it (a lock taken over since stays). */
export async function releaseRunLock(file: string, runId: string): Promise<void> {
  const held = await readRunLock(file);
  if (held?.runId === runId) await rm(file, { force: true });
}
