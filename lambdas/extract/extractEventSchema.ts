import { z } from 'zod';
import type { ExtractChunk } from '../../lib/core/extract';
import { transformEventSchema } from '../transform/transformEventSchema';

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
 * The extract task the replica state machine sends for one chunk: the table's plan (the same
 * shape the transform takes), the chunk, and where the replica is — its endpoint and the secret
 * holding the read-only user's credentials. `curatedBucket` falls back to `CURATED_BUCKET`.
 */
export const extractEventSchema = z.object({
  plan: transformEventSchema.shape.plan,
  chunk: chunkSchema,
  curatedBucket: z.string().min(1).optional(),
  replica: z.object({
    engine: z.enum(['mysql', 'postgres']),
    host: z.string().min(1),
    port: z.int().min(1).max(65535),
    database: z.string().min(1),
    credentialsSecretArn: z.string().min(1),
  }),
});

/** A parsed extract event. */
export type ExtractEvent = z.infer<typeof extractEventSchema>;
