import { App, type CfnElement } from 'aws-cdk-lib';
import type { DataLakeConfig, SourceConfig } from '../config';
import { sourceDatabaseName, stackName } from '../core/naming';
import { FoundationStack } from '../infra/stacks/FoundationStack';
import { SourceStack } from '../infra/stacks/SourceStack';
import type { LocalCdcPipeline } from './cdc/LocalCdcPipeline';
import { LOCAL_BUCKETS } from './localCatalogPaths';
import type { LocalPipeline } from './localPipeline';
import type { LocalReplicaPipeline } from './localReplicaPipeline';

/** One source's pipelines as its deployed stack builds them, ready to run locally. */
export interface LocalSourceStack {
  /** The snapshot pipeline; absent when no table of the source is in mode `snapshot-export`. */
  readonly snapshot?: LocalPipeline;
  /** The replica pipeline; absent when no table of the source is in mode `replica-query` or `incremental`. */
  readonly replica?: LocalReplicaPipeline;
  /** The cdc apply pipeline; absent when no table of the source is in mode `cdc`. */
  readonly cdc?: LocalCdcPipeline;
  /** The source's Glue database name: the local catalog schema the commits write to. */
  readonly database: string;
}

/** A fixed, never-deployed environment: local mode synthesizes offline and calls no AWS API. */
const LOCAL_ENV = { account: '000000000000', region: 'eu-west-1' };

/**
 * Builds the lake's foundation stack and `source`'s stack exactly as `createDataLake` does
 * (the same `FoundationStack` and `SourceStack`, so the same storage, export role, Glue
 * database, salt and pipeline constructs) in a throw-away app with bundling skipped, and
 * returns the source's pipelines with the refs their state machines and functions' environments
 * resolve with: the raw and curated buckets and the database → their local names. Takes about
 * half a second once aws-cdk-lib is loaded.
 *
 * @example
 * ```ts
 * const { snapshot } = localSourceStack(config, config.sources[0]);
 * await runStateMachine(snapshot.pipeline.stateMachine, { runId }, { lambdas, sdk, refs: snapshot.refs });
 * ```
 */
export function localSourceStack(config: DataLakeConfig, source: SourceConfig): LocalSourceStack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const foundationName = stackName(config.name, { kind: 'foundation' });
  const foundation = new FoundationStack(app, foundationName, { env: LOCAL_ENV, config });
  const sourceName = stackName(config.name, { kind: 'source', source: source.name });
  const stack = new SourceStack(app, sourceName, { env: LOCAL_ENV, config, source, foundation });
  const database = sourceDatabaseName(config.name, source.name);
  const child = (construct: { node: { defaultChild?: unknown } }) =>
    construct.node.defaultChild as CfnElement;
  // Before synthesis a reference across the two stacks resolves as a Ref, as within one.
  const refs = new Map([
    [child(foundation.storage.rawBucket), LOCAL_BUCKETS.raw],
    [child(foundation.storage.curatedBucket), LOCAL_BUCKETS.curated],
    [child(stack.catalog.database(database)), database],
  ]);
  const { snapshotPipeline, replicaPipeline, cdcApplyPipeline } = stack;
  return {
    database,
    ...(snapshotPipeline === undefined
      ? {}
      : { snapshot: { pipeline: snapshotPipeline, database, exportPrefix: stack.exportRole.prefix, refs } }),
    ...(replicaPipeline === undefined ? {} : { replica: { pipeline: replicaPipeline, database, refs } }),
    ...(cdcApplyPipeline === undefined ? {} : { cdc: { pipeline: cdcApplyPipeline, database, refs } }),
  };
}
