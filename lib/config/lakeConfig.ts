import type * as z from 'zod';
import { normalizeConfig } from './normalizeConfig';
import { parsedLakeConfigSchema } from './parsedLakeConfig';

/**
 * The zod schema of the whole data lake config: strict (unknown keys are
 * errors), checked across sections, with every default filled in on output.
 * Prefer {@link parseConfig}, which turns failures into a `ConfigError` with
 * readable paths and messages.
 *
 * @example
 * ```ts
 * const result = lakeConfigSchema.safeParse(yaml.parse(text));
 * ```
 */
export const lakeConfigSchema = parsedLakeConfigSchema.transform(normalizeConfig);

/** The validated config, every default filled in: what the stacks, Lambdas and local mode read. */
export type DataLakeConfig = z.output<typeof lakeConfigSchema>;

/** The config as a user writes it: defaulted keys are optional. */
export type DataLakeConfigInput = z.input<typeof lakeConfigSchema>;

/** One source of a validated config. */
export type SourceConfig = DataLakeConfig['sources'][number];

/** One table of a validated source. */
export type TableConfig = SourceConfig['tables'][number];

/** One pool of a validated config. */
export type PoolConfig = DataLakeConfig['pools'][number];

/** One event stream of a validated config. */
export type StreamConfig = DataLakeConfig['streams'][number];

/** What to do with one column of a validated table: `{ drop: true }`, or `drop: false` with mask/rename/cast. */
export type ColumnRule = TableConfig['columns'][string];

/** One partition key of a validated table. */
export type PartitionSpec = TableConfig['partitionBy'][number];
