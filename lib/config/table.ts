import * as z from 'zod';
import { columnRuleSchema } from './columnRule';
import { derivedFreshnessSecondsSchema, freshnessSloSchema } from './freshnessSlo';
import { poolNameSchema, sqlIdentifierSchema } from './identifiers';
import { partitionSpecSchema } from './partitionSpec';
import { DEFAULT_POOL } from './pool';
import { checkTable } from './tableChecks';

/** How a table's rows are extracted. */
export const extractModeSchema = z
  .enum(['snapshot-export', 'replica-query', 'incremental', 'cdc'])
  .describe(
    'snapshot-export: RDS snapshot export to Parquet; replica-query: chunked SELECT on the read replica; ' +
      'incremental: SELECT rows above the last watermarkColumn value on the read replica; ' +
      "cdc: every insert, update and delete from the primary's binlog or WAL, through AWS DMS (needs the source's cdc settings).",
  );

/**
 * One table of a source: how it is extracted, where it runs, how it is
 * partitioned, and what happens to each column.
 *
 * @example
 * ```yaml
 * - name: users
 *   mode: incremental
 *   watermarkColumn: updated_at
 *   pool: small
 *   columns:
 *     email: { mask: hash }
 *     password_hash: drop
 * ```
 */
export const tableSchema = z
  .strictObject({
    name: sqlIdentifierSchema.describe('Table name in the source database.'),
    schema: sqlIdentifierSchema
      .optional()
      .describe(
        'Schema of the table. Default: "public" for postgres; for mysql the database (the only allowed value).',
      ),
    mode: extractModeSchema
      .optional()
      .describe(`${extractModeSchema.description} Default: the source's defaultMode.`),
    watermarkColumn: sqlIdentifierSchema
      .optional()
      .describe(
        'Monotonic column (e.g. updated_at or an auto-increment id); required for incremental, forbidden otherwise.',
      ),
    pool: poolNameSchema
      .default(DEFAULT_POOL)
      .describe('Pool whose concurrency this table counts against; must be defined in pools.'),
    priority: z.int().default(0).describe('Higher runs first within its pool.'),
    chunkSize: z
      .int()
      .min(1000)
      .default(100000)
      .describe('Rows per SELECT chunk for replica-query and incremental.'),
    partitionBy: z
      .array(partitionSpecSchema)
      .default([])
      .describe('Partition keys of the curated table, outermost first.'),
    newColumns: z
      .enum(['exclude', 'include', 'fail'])
      .default('exclude')
      .describe(
        'What to do with a source column not seen before: exclude (it may hold personal data), include, or fail the run.',
      ),
    freshnessSlo: freshnessSloSchema
      .optional()
      .describe(
        "How old the table's newest queryable data may get before its freshness alarm fires, e.g. \"26h\". Default: the source's freshnessSlo, else twice a rate(...) schedule's period, else 26h.",
      ),
    freshnessSloSeconds: derivedFreshnessSecondsSchema,
    columns: z
      .record(sqlIdentifierSchema, columnRuleSchema)
      .default({})
      .describe('Rules keyed by source column name; columns not listed are copied as they are.'),
  })
  .superRefine(checkTable);
