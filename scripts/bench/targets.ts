/**
 * The targets a benchmark checks, collected across the bench processes so `npm run bench` ends
 * with one table of every target and whether it was met. Each bench calls {@link recordTarget}
 * once per target; the runner (`index.ts`) names the file they go to in `BENCH_TARGETS_FILE`
 * and prints them with {@link printTargets}. A bench run alone prints its own lines only.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** One checked target: a measured figure beside its reference, or beside an absolute limit. */
export interface BenchTarget {
  /** What was measured, e.g. `extract, MariaDB`. */
  readonly step: string;
  /** Our figure as printed, e.g. `152,865 rows/s`. */
  readonly ours: string;
  /** The reference figure (or the limit) as printed, e.g. `mysql2 stream 404,082 rows/s`. */
  readonly reference: string;
  /** The target as printed, e.g. `>= 0.8x`, `< 15 s`. */
  readonly target: string;
  /** The ratio or value compared with the target, as printed, e.g. `0.38x`, `12.1 s`. */
  readonly measured: string;
  readonly met: boolean;
}

const TARGETS_FILE_VARIABLE = 'BENCH_TARGETS_FILE';

/** Records a target for the runner's summary (no-op when the bench runs alone). */
export function recordTarget(target: BenchTarget): void {
  const file = process.env[TARGETS_FILE_VARIABLE];
  if (file) appendFileSync(file, `${JSON.stringify(target)}\n`);
}

/** The environment that makes the benches started with it record into `file`. */
export function targetsEnvironment(file: string): NodeJS.ProcessEnv {
  return { ...process.env, [TARGETS_FILE_VARIABLE]: file };
}

/** Prints every recorded target as a table; returns whether all were met. */
export function printTargets(file: string): boolean {
  const targets: BenchTarget[] = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as BenchTarget)
    : [];
  const rows = [
    ['step', 'ours', 'reference', 'measured', 'target', ''],
    ...targets.map((t) => [t.step, t.ours, t.reference, t.measured, t.target, t.met ? 'met' : 'MISSED']),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
  const missed = targets.filter((t) => !t.met).length;
  console.log(
    missed === 0 ? `All ${targets.length} targets met.` : `${missed} of ${targets.length} targets MISSED.`,
  );
  return targets.length > 0 && missed === 0;
}
