import type { CfnElement } from 'aws-cdk-lib';
import type { DataLakeConfig, SourceConfig } from '../config';
import { DataLakeError } from '../core/errors';
import type { SnapshotPipeline } from '../infra/snapshot';
import { localSourceStack } from './localSourceStack';

/** A source's snapshot pipeline built in-process for a local run. */
export interface LocalPipeline {
  readonly pipeline: SnapshotPipeline;
  /** The source's Glue database name: the local catalog schema the commit step writes to. */
  readonly database: string;
  /** The raw-bucket prefix RDS exports of this source land under: the stack's export role's. */
  readonly exportPrefix: string;
  /** `Ref` of the buckets and the database → their local names, for `runStateMachine`. */
  readonly refs: ReadonlyMap<CfnElement, string>;
}

/**
 * The snapshot pipeline of `source`, from its stack built as for a deploy (see
 * {@link localSourceStack}).
 *
 * @throws DataLakeError when the source has no table in mode `snapshot-export`
 * @example
 * ```ts
 * const { pipeline, refs } = localPipeline(config, config.sources[0]);
 * await runStateMachine(pipeline.stateMachine, { runId }, { lambdas, sdk, refs });
 * ```
 */
export function localPipeline(config: DataLakeConfig, source: SourceConfig): LocalPipeline {
  const { snapshot } = localSourceStack(config, source);
  if (snapshot === undefined) {
    throw new DataLakeError(
      `Source "${source.name}" has no snapshot pipeline: none of its tables is in mode snapshot-export`,
    );
  }
  return snapshot;
}
