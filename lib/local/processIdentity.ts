import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A process as another process can find it again: pid, host and, on Linux, its start time. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly host: string;
  /**
   * The process's start time in clock ticks since boot (`/proc/<pid>/stat`, field 22), which tells
   * a reused pid from the process that had it.
   *
   * @default - unknown (no /proc): the pid alone is checked
   */
  readonly startTicks?: number;
}

/** `/proc/<pid>/stat`'s state and start time; undefined without /proc or such a process. */
function procStat(pid: number): { state: string; startTicks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: field 3 on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** This process's identity. */
export function currentProcess(): ProcessIdentity {
  const startTicks = procStat(process.pid)?.startTicks;
  return { pid: process.pid, host: hostname(), ...(startTicks === undefined ? {} : { startTicks }) };
}

/**
 * Whether the process `identity` names still runs: its pid exists (signal 0), is no zombie and,
 * where `/proc` tells, started when it did (a pid the system gave to another process since is
 * gone). A process of another host cannot be checked and counts as running.
 *
 * @example
 * ```ts
 * isProcessRunning({ pid: 4242, host: hostname() }); // false once 4242 has exited
 * ```
 */
export function isProcessRunning(identity: ProcessIdentity): boolean {
  if (identity.host !== hostname()) return true;
  try {
    process.kill(identity.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const stat = procStat(identity.pid);
  if (stat === undefined) return true;
  if (stat.state === 'Z') return false;
  return identity.startTicks === undefined || stat.startTicks === identity.startTicks;
}
