import * as z from 'zod';
import { RUN_ID_PATTERN, type TablePlan } from '../core/pipeline';

const sourceColumnTypeSchema = z.object({
  engine: z.enum(['mysql', 'postgres']),
  column: z.string().optional(),
  dataType: z.string().min(1),
  columnType: z.string().optional(),
  numericPrecision: z.number().nullable().optional(),
  numericScale: z.number().nullable().optional(),
  datetimePrecision: z.number().nullable().optional(),
  userDefinedEnum: z.boolean().optional(),
});

const maskSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hash') }),
  z.object({ kind: z.literal('redact'), token: z.string().optional() }),
  z.object({ kind: z.literal('truncate'), length: z.int().min(1) }),
]);

/**
 * One table's plan as it travels between states (plan → transform or extract → commit): every
 * task that takes a plan parses it with this one schema, so none reads a field another drops.
 */
export const tablePlanSchema = z.object({
  source: z.string().min(1),
  database: z.string(),
  schema: z.string(),
  table: z.string().min(1),
  runId: z.string().regex(RUN_ID_PATTERN),
  columns: z.array(
    z.object({
      source: z.string().min(1),
      output: z.string().min(1),
      sourceType: sourceColumnTypeSchema,
      athenaType: z.string().min(1),
      duckdbType: z.string().min(1),
      mask: maskSchema.optional(),
      cast: z.string().optional(),
    }),
  ),
  dropped: z.array(z.string()),
  excludedNewColumns: z.array(z.string()),
  includedNewColumns: z.array(z.string()),
  partitionKeys: z.array(
    z.object({
      name: z.string().min(1),
      column: z.string().min(1),
      granularity: z.enum(['year', 'month', 'day', 'value']),
    }),
  ),
  expectedRows: z.int().min(0),
  snapshotTime: z.iso.datetime().optional(),
  mode: z.enum(['snapshot-export', 'replica-query', 'incremental', 'cdc']).optional(),
  primaryKey: z.array(z.string().min(1)).optional(),
  watermarkColumn: z.string().min(1).optional(),
  window: z
    .object({
      through: z.string().min(1).optional(),
      afterRun: z.string().regex(RUN_ID_PATTERN).optional(),
    })
    .optional(),
  freshnessSloSeconds: z.int().min(1).optional(),
  invalidDates: z.enum(['null', 'fail']).optional(),
}) satisfies z.ZodType<TablePlan>;
