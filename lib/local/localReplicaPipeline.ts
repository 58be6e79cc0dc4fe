import type { CfnElement } from 'aws-cdk-lib';
import type { DataLakeConfig, SourceConfig } from '../config';
import { DataLakeError } from '../core/errors';
import type { ReplicaPipeline } from '../infra/replica';
import { localSourceStack } from './localSourceStack';

/** A source's replica pipeline built in-process for a local run. */
export interface LocalReplicaPipeline {
  readonly pipeline: ReplicaPipeline;
  /** The source's Glue database name: the local catalog schema the commit step writes to. */
  readonly database: string;
  /** `Ref` of the raw and curated buckets and the database → their local names, for `runStateMachine`. */
  readonly refs: ReadonlyMap<CfnElement, string>;
}

/**
 * The replica pipeline of `source`, from its stack built as for a deploy (see
 * {@link localSourceStack}).
 *
 * @throws DataLakeError when the source has no table in mode `replica-query` or `incremental`
 * @example
 * ```ts
 * const { pipeline, refs } = localReplicaPipeline(config, source);
 * await runStateMachine(pipeline.stateMachine, {}, { ...localReplicaTasks(context, hooks), refs });
 * ```
 */
export function localReplicaPipeline(config: DataLakeConfig, source: SourceConfig): LocalReplicaPipeline {
  const { replica } = localSourceStack(config, source);
  if (replica === undefined) {
    throw new DataLakeError(
      `Source "${source.name}" has no replica pipeline: none of its tables is in mode replica-query or incremental`,
    );
  }
  return replica;
}
