import { type DataLakeConfig, parseConfig } from '../../lib/config';

/** The lake's name: it prefixes every stack (`dlinteg-foundation`, …) and the catalog names. */
export const INTEG_LAKE_NAME = 'dlinteg';

/** The RDS instance the check creates as the "production" source, named in the config. */
export const INTEG_SOURCE_INSTANCE = `${INTEG_LAKE_NAME}-marketplace`;

/** The database inside that instance the demo marketplace is seeded into. */
export const INTEG_SOURCE_DATABASE = 'marketplace';

/** The read-only login the seed creates and the lake's replica path uses. */
export const INTEG_READER_USERNAME = 'lake_reader';

/**
 * Stands in for the reader secret's ARN while the config is validated: the real secret is
 * created by the check's source stack, so its ARN (with the random suffix the schema requires)
 * exists only at deploy time. {@link integLakeConfig} swaps the real one in after validation.
 */
const ARN_BEFORE_DEPLOY = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:dlinteg-reader-AbCdEf';

/**
 * The smallest lake that exercises every path once: one PostgreSQL source with three tables on
 * the snapshot path and two on the replica path (one incremental), one read replica of the
 * smallest class, one stream. Everything is deleted with the stacks (`retainOnDelete: false`,
 * no deletion protection), so the check leaves nothing behind.
 */
const INTEG_LAKE_INPUT = {
  name: INTEG_LAKE_NAME,
  network: { maxAzs: 2 },
  storage: {
    retainOnDelete: false,
    rawExportExpirationDays: 1,
    queryResultsExpirationDays: 1,
    curatedNoncurrentVersionExpirationDays: 1,
  },
  query: { workgroupName: 'checks', bytesScannedCutoffPerQuery: 1024 ** 3 },
  pools: [{ name: 'default', maxConcurrency: 2 }],
  sources: [
    {
      name: 'marketplace',
      engine: 'postgres',
      database: INTEG_SOURCE_DATABASE,
      primary: { instanceIdentifier: INTEG_SOURCE_INSTANCE },
      credentialsSecretArn: ARN_BEFORE_DEPLOY,
      replica: {
        count: 1,
        instanceClass: 't4g.micro',
        monitoringIntervalSeconds: 0,
        performanceInsights: false,
        deletionProtection: false,
      },
      // The seed lands after the instance's first automated backup, and the next one comes in the
      // next day's backup window: only a snapshot taken for the run holds the seeded rows.
      snapshot: 'fresh-manual',
      defaultMode: 'snapshot-export',
      includeTables: 'listed',
      tables: [
        {
          name: 'users',
          columns: {
            email: { mask: 'hash' },
            phone: { mask: 'redact' },
            name: { mask: 'truncate', length: 1 },
            password_hash: 'drop',
          },
        },
        { name: 'items', partitionBy: [{ column: 'created_at', granularity: 'month' }] },
        { name: 'payments', columns: { card_last4: { mask: 'redact' } } },
        { name: 'orders', mode: 'replica-query', columns: { shipping_address: { mask: 'redact' } } },
        {
          name: 'chat_messages',
          mode: 'incremental',
          watermarkColumn: 'id',
          columns: { body: 'drop', sender_id: { rename: 'sender_user_id' } },
        },
      ],
    },
  ],
  streams: [
    {
      name: 'app-events',
      partitionKeyField: 'userId',
      kafkaTopic: 'app.events',
      kafkaPartitions: 1,
      capacity: 'provisioned',
      shardCount: 1,
      payloadFields: { itemId: 'bigint', screen: 'string', price: 'decimal(12,2)' },
    },
  ],
};

/**
 * The integ lake's config, validated by the same schema as a user's file, with the reader
 * secret's ARN (a deploy-time value) in place of the stand-in.
 *
 * @example
 * ```ts
 * const config = integLakeConfig(sourceStack.readerSecret.secretArn);
 * createDataLake(app, config, env);
 * ```
 */
export function integLakeConfig(readerSecretArn: string): DataLakeConfig {
  const config = parseConfig(INTEG_LAKE_INPUT, 'test/integ/integLakeConfig.ts');
  return {
    ...config,
    sources: config.sources.map((source) => ({ ...source, credentialsSecretArn: readerSecretArn })),
  };
}
