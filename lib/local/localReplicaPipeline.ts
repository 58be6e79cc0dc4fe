import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { DataLakeConfig, SourceConfig } from '../config';
import { sourceDatabaseName } from '../core/naming';
import { ReplicaPipeline } from '../infra/replica';
import { SourceReplica } from '../infra/source';
import { DataLakeStorage } from '../infra/storage';
import { LOCAL_BUCKETS } from './localCatalogPaths';

/** A source's replica pipeline built in-process for a local run. */
export interface LocalReplicaPipeline {
  readonly pipeline: ReplicaPipeline;
  /** The source's Glue database name: the local catalog schema the commit step writes to. */
  readonly database: string;
  /** `Ref` of the raw and curated buckets and the database → their local names, for `runStateMachine`. */
  readonly refs: ReadonlyMap<CfnElement, string>;
}

/** A fixed, never-deployed environment: local mode synthesizes offline and calls no AWS API. */
const LOCAL_ENV = { account: '000000000000', region: 'eu-west-1' };

/**
 * Builds the replica pipeline of `source` the way the source's stack does (the same
 * {@link ReplicaPipeline} construct: the lake's storage, the source's Glue database, the masking
 * salt, a read replica of the source in a VPC) in a throw-away app with bundling skipped, so its
 * state machine definition can run locally.
 *
 * @example
 * ```ts
 * const { pipeline, refs } = localReplicaPipeline(config, source);
 * await runStateMachine(pipeline.stateMachine, {}, { ...localReplicaTasks(context, hooks), refs });
 * ```
 */
export function localReplicaPipeline(config: DataLakeConfig, source: SourceConfig): LocalReplicaPipeline {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Local', { env: LOCAL_ENV });
  const storage = new DataLakeStorage(stack, 'Storage');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
  const replica = new SourceReplica(stack, 'Replica', {
    engine: source.engine,
    primaryInstanceIdentifier: `${source.name.replaceAll('_', '-')}-local`,
    vpc,
  });
  const databaseName = sourceDatabaseName(config.name, source.name);
  const database = new glue.Database(stack, 'Database', { databaseName });
  const maskingSalt = new secretsmanager.Secret(stack, 'MaskingSalt', {
    encryptionKey: storage.encryptionKey,
  });
  const pipeline = new ReplicaPipeline(stack, 'Replica pipeline', {
    config,
    source,
    storage,
    database,
    maskingSalt,
    replica,
    vpc,
  });
  const child = (construct: { node: { defaultChild?: unknown } }) =>
    construct.node.defaultChild as CfnElement;
  return {
    pipeline,
    database: databaseName,
    refs: new Map([
      [child(storage.rawBucket), LOCAL_BUCKETS.raw],
      [child(storage.curatedBucket), LOCAL_BUCKETS.curated],
      [child(database), databaseName],
    ]),
  };
}
