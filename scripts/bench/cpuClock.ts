import { readFileSync } from 'node:fs';

/**
 * CPU time in seconds: this process's (all its threads: Node's and DuckDB's) and the whole
 * machine's (every process, a database server on the same machine included). On a machine whose
 * cores are all busy, a step's wall time is at least the machine's CPU time over its cores.
 */
export interface CpuClock {
  readonly processSeconds: number;
  /** Absent where `/proc/stat` cannot be read (not Linux). */
  readonly machineSeconds?: number;
}

/**
 * `/proc/stat` counts in USER_HZ ticks, "1/100ths of a second on most architectures" (proc(5));
 * 100 on x86_64 and arm64, the two this runs on (and Lambda's two).
 */
const USER_HZ = 100;

/** The machine's busy CPU seconds since boot: user, nice, system, irq, softirq and steal of the `cpu` line. */
function machineBusySeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const fields = stat.slice(0, stat.indexOf('\n')).trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  const busy = [user, nice, system, irq, softirq, steal];
  if (fields[0] === undefined || busy.some((value) => value === undefined || Number.isNaN(value)))
    return undefined;
  return busy.reduce<number>((sum, value) => sum + (value ?? 0), 0) / USER_HZ;
}

/**
 * Reads the clock now; {@link cpuSince} gives the CPU time used since.
 *
 * @example
 * ```ts
 * const start = readCpuClock();
 * await work();
 * const { processSeconds, machineSeconds } = cpuSince(start);
 * ```
 */
export function readCpuClock(): CpuClock {
  const { user, system } = process.cpuUsage();
  const machineSeconds = machineBusySeconds();
  return {
    processSeconds: (user + system) / 1e6,
    ...(machineSeconds === undefined ? {} : { machineSeconds }),
  };
}

/** The CPU time used since `start` (a {@link readCpuClock} reading). */
export function cpuSince(start: CpuClock): CpuClock {
  const now = readCpuClock();
  const machine =
    now.machineSeconds === undefined || start.machineSeconds === undefined
      ? undefined
      : now.machineSeconds - start.machineSeconds;
  return {
    processSeconds: now.processSeconds - start.processSeconds,
    ...(machine === undefined ? {} : { machineSeconds: machine }),
  };
}
