import { type Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { DataLakeConfig, DataLakeConfigInput } from '../../../lib/config';
import { SnapshotExportRole } from '../../../lib/infra/snapshot/SnapshotExportRole';
import { SnapshotPipeline, type SnapshotPipelineProps } from '../../../lib/infra/snapshot/SnapshotPipeline';
import { DataLakeStorage } from '../../../lib/infra/storage/DataLakeStorage';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';
import { testStack } from '../../helpers/testApp';

/** A config with pools `small` (2) and `large` (4) and a MySQL source `service` of three tables. */
export function pipelineConfig(overrides: Partial<DataLakeConfigInput> = {}): DataLakeConfig {
  return parsedConfig({
    pools: [
      { name: 'small', maxConcurrency: 2 },
      { name: 'large', maxConcurrency: 4 },
    ],
    sources: [
      validSource({
        includeTables: 'listed',
        schedule: 'cron(0 3 * * ? *)',
        tables: [
          validTable({ pool: 'small' }),
          validTable({ name: 'items', pool: 'small' }),
          validTable({ name: 'orders', pool: 'large', priority: 100, columns: {} }),
        ],
      }),
    ],
    ...overrides,
  });
}

/** What a pipeline test inspects. */
export interface PipelineFixture {
  readonly stack: Stack;
  readonly pipeline: SnapshotPipeline;
  readonly storage: DataLakeStorage;
  readonly exportRole: SnapshotExportRole;
}

/**
 * A stack with the lake's storage, an export role under `exports/service/`, the
 * source's Glue database, a salt secret and a {@link SnapshotPipeline} for the first
 * source of `config`.
 */
export function buildPipeline(
  config: DataLakeConfig = pipelineConfig(),
  props: Partial<SnapshotPipelineProps> = {},
  stack: Stack = testStack(),
): PipelineFixture {
  const source = config.sources[0];
  if (source === undefined) throw new Error('the config has no source');
  const storage = new DataLakeStorage(stack, 'Storage');
  const exportRole = new SnapshotExportRole(stack, 'ExportRole', {
    bucket: storage.rawBucket,
    prefix: `exports/${source.name}/`,
    encryptionKey: storage.rawKey,
  });
  const database = new glue.Database(stack, 'Database', { databaseName: `testlake_${source.name}` });
  const maskingSalt = new secretsmanager.Secret(stack, 'Salt', { encryptionKey: storage.rawKey });
  Validations.of(maskingSalt).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: 'Test salt; rotation is not under test.',
  });
  const pipeline = new SnapshotPipeline(stack, 'Pipeline', {
    config,
    source,
    storage,
    exportRole,
    database,
    maskingSalt,
    ...props,
  });
  return { stack, pipeline, storage, exportRole };
}
