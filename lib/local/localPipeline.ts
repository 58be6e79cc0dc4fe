import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { DataLakeConfig, SourceConfig } from '../config';
import { sourceDatabaseName } from '../core/naming';
import { SnapshotPipeline } from '../infra/pipeline';
import { SnapshotExportRole } from '../infra/source';
import { exportPrefix } from '../infra/stacks/SourceStack';
import { DataLakeStorage } from '../infra/storage';
import { LOCAL_BUCKETS } from './localCatalogPaths';

/** A source's snapshot pipeline built in-process for a local run. */
export interface LocalPipeline {
  readonly pipeline: SnapshotPipeline;
  /** The source's Glue database name: the local catalog schema the commit step writes to. */
  readonly database: string;
  /** The raw-bucket prefix RDS exports of this source land under, as the deployed stack sets it. */
  readonly exportPrefix: string;
  /** `Ref` of the buckets and the database → their local names, for {@link runStateMachine}. */
  readonly refs: ReadonlyMap<CfnElement, string>;
}

/** A fixed, never-deployed environment: local mode synthesizes offline and calls no AWS API. */
const LOCAL_ENV = { account: '000000000000', region: 'eu-west-1' };

/**
 * Builds the snapshot pipeline of `source` the way the source's stack does (the same
 * {@link SnapshotPipeline} construct and props: the lake's storage, the export role under the
 * source's export prefix, the source's Glue database and the masking salt) in a throw-away app
 * with bundling skipped, so its state machine definition can run locally. Takes well under a
 * second once aws-cdk-lib is loaded.
 *
 * @example
 * ```ts
 * const { pipeline, refs } = localPipeline(config, config.sources[0]);
 * await runStateMachine(pipeline.stateMachine, { runId }, { lambdas, sdk, refs });
 * ```
 */
export function localPipeline(config: DataLakeConfig, source: SourceConfig): LocalPipeline {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Local', { env: LOCAL_ENV });
  const storage = new DataLakeStorage(stack, 'Storage');
  const prefix = exportPrefix(source);
  const exportRole = new SnapshotExportRole(stack, 'ExportRole', {
    bucket: storage.rawBucket,
    prefix,
    encryptionKey: storage.encryptionKey,
  });
  const databaseName = sourceDatabaseName(config.name, source.name);
  const database = new glue.Database(stack, 'Database', { databaseName });
  const maskingSalt = new secretsmanager.Secret(stack, 'MaskingSalt', {
    encryptionKey: storage.encryptionKey,
  });
  const pipeline = new SnapshotPipeline(stack, 'Snapshot', {
    config,
    source,
    storage,
    exportRole,
    database,
    maskingSalt,
  });
  const child = (construct: { node: { defaultChild?: unknown } }) =>
    construct.node.defaultChild as CfnElement;
  return {
    pipeline,
    database: databaseName,
    exportPrefix: prefix,
    refs: new Map([
      [child(storage.rawBucket), LOCAL_BUCKETS.raw],
      [child(storage.curatedBucket), LOCAL_BUCKETS.curated],
      [child(database), databaseName],
    ]),
  };
}
