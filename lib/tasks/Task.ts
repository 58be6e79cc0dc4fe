/**
 * A state-machine task: parses its event (the state's input, `unknown` until its zod schema
 * says otherwise) and does its work with the dependencies it is given. A Lambda handler binds
 * AWS dependencies to it, local mode binds local ones: one code path, two sets of dependencies.
 */
export type Task<Deps, Result> = (event: unknown, deps: Deps) => Promise<Result>;

/** A task bound to its dependencies: what a Lambda exports as `handler`, and what local mode runs. */
export interface BoundTask<Result> {
  (event: unknown): Promise<Result>;
  /** The task function it runs: the same object wherever it is bound. */
  readonly task: Task<never, unknown>;
}

/**
 * Binds `deps` to `task`, keeping the task function reachable as `.task`, so a test can check
 * that a handler and local mode run the very same function.
 *
 * @example
 * ```ts
 * export const handler = bindTask(commitTask, { objectStore, catalog, settings });
 * handler.task === commitTask; // true
 * ```
 */
export function bindTask<Deps, Result>(task: Task<Deps, Result>, deps: Deps): BoundTask<Result> {
  const bound = (event: unknown) => task(event, deps);
  return Object.assign(bound, { task: task as Task<never, unknown> });
}

/**
 * `run` as a bound task that keeps `bound`'s `.task`: for a caller that wraps a bound task (local
 * mode reports progress around it, or turns its result into plain JSON) and must still show which
 * task function it runs.
 *
 * @example
 * ```ts
 * const reported = wrapBoundTask(commit, async (event) => { const summary = await commit(event); report(summary); return summary; });
 * reported.task === commit.task; // true
 * ```
 */
export function wrapBoundTask<Result>(
  bound: BoundTask<unknown>,
  run: (event: unknown) => Promise<Result>,
): BoundTask<Result> {
  return Object.assign(run, { task: bound.task });
}
