import * as z from 'zod';
import type { ExtractChunk } from '../../core/extract';
import type { ReplicaChunkWork } from '../../core/orchestration';
import { tablePlanSchema } from '../tablePlanSchema';

const chunkSchema = z.object({
  index: z.int().min(0),
  bounds: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('all') }),
    z.object({ kind: z.literal('range'), column: z.string().min(1), from: z.string(), to: z.string() }),
    z.object({
      kind: z.literal('keyset'),
      column: z.string().min(1),
      valueKind: z.enum(['integer', 'text']),
      after: z.string().optional(),
      through: z.string().optional(),
    }),
  ]),
  watermark: z
    .object({
      column: z.string().min(1),
      kind: z.enum(['integer', 'time']),
      after: z.string().optional(),
      through: z.string(),
    })
    .optional(),
}) satisfies z.ZodType<ExtractChunk>;

/**
 * The extract state's input for one chunk, one item of the pool's stored chunk list: the table's
 * plan, the chunk, and the host of the replica it is read from, the one thing that differs per
 * chunk. How to reach a replica otherwise, and where the Parquet goes, are the function's settings.
 */
export const extractEventSchema = z.object({
  plan: tablePlanSchema,
  chunk: chunkSchema,
  host: z.string().min(1),
}) satisfies z.ZodType<ReplicaChunkWork>;

/** A parsed extract event. */
export type ExtractEvent = z.infer<typeof extractEventSchema>;
