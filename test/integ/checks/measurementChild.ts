import { fork } from 'node:child_process';
import type { ExtractDeps } from '../../../lib/pipeline/extractChunk';
import {
  type ExtractBenchMode,
  type ExtractBenchTable,
  type ExtractMeasurement,
  measureDriver,
  measureExtract,
} from '../../../scripts/bench/measureExtract';

/** What the bench function asks its child process to measure. */
export interface MeasurementRequest {
  readonly mode: ExtractBenchMode;
  readonly bench: ExtractBenchTable;
}

/** Measures one side of the bench in a process of its own (its peak RSS is then its own). */
export type MeasureInChild = (request: MeasurementRequest) => Promise<ExtractMeasurement>;

/** What the child sends back: the measurement, or why it failed. */
type ChildReply = { readonly measurement: ExtractMeasurement } | { readonly error: string };

/** Set in the child's environment, so the bench function's file serves a measurement instead of loading as a handler. */
const CHILD_VARIABLE = 'DATALAKE_EXTRACT_BENCH_CHILD';

/**
 * A {@link MeasureInChild} that forks `script` (the bench function's own file, which calls
 * {@link serveMeasurement} when {@link isMeasurementChild}) with `execArgv`, sends it the request
 * over the IPC channel and resolves to its reply. A Lambda may start processes: its quota counts
 * "Execution processes/threads: 1,024" (AWS Lambda Developer Guide, "Lambda quotas",
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
 *
 * @example
 * ```ts
 * const measure = forkMeasurement(__filename, []); // in the Lambda bundle: plain node
 * await measure({ mode: 'driver', bench });
 * ```
 */
export function forkMeasurement(script: string, execArgv: readonly string[]): MeasureInChild {
  return (request) =>
    new Promise((resolve, reject) => {
      const child = fork(script, [], {
        execArgv: [...execArgv],
        env: { ...process.env, [CHILD_VARIABLE]: '1' },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let reply: ChildReply | undefined;
      child.once('message', (message) => {
        reply = message as ChildReply;
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        if (reply !== undefined && 'measurement' in reply) resolve(reply.measurement);
        else
          reject(
            new Error(
              `The ${request.mode} measurement of ${request.bench.table} failed (its process exited ${code ?? signal}): ${reply?.error ?? 'no reply'}`,
            ),
          );
      });
      child.send(request);
    });
}

/** Whether this process is a child {@link forkMeasurement} started. */
export function isMeasurementChild(): boolean {
  return process.env[CHILD_VARIABLE] === '1' && process.send !== undefined;
}

/**
 * The child's side: waits for one request, measures it (`measureDriver`, or `measureExtract` with
 * what `extractDeps` opens), replies and exits, so nothing it opened outlives the measurement.
 *
 * @example
 * ```ts
 * if (isMeasurementChild()) serveMeasurement(async () => ({ objectStore, duckdb, salt: 'bench-salt', tempRoot }));
 * ```
 */
export function serveMeasurement(
  extractDeps: () => Promise<Omit<ExtractDeps, 'reader'> & { readonly close?: () => Promise<void> }>,
): void {
  process.once('message', async (message) => {
    const request = message as MeasurementRequest;
    let reply: ChildReply;
    try {
      if (request.mode === 'driver') {
        reply = { measurement: await measureDriver(request.bench) };
      } else {
        const deps = await extractDeps();
        try {
          reply = { measurement: await measureExtract(request.bench, deps) };
        } finally {
          await deps.close?.();
        }
      }
    } catch (error) {
      reply = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    process.send?.(reply, () => process.exit('measurement' in reply ? 0 : 1));
  });
}
