import * as z from 'zod';

/**
 * The find-snapshot state's input: the source (named in a failure) and its RDS instance or
 * Aurora cluster, one of the two.
 */
export const findSnapshotEventSchema = z.union([
  z.strictObject({ source: z.string().min(1), instanceIdentifier: z.string().min(1) }),
  z.strictObject({ source: z.string().min(1), clusterIdentifier: z.string().min(1) }),
]);

/** A parsed find-snapshot event. */
export type FindSnapshotEvent = z.infer<typeof findSnapshotEventSchema>;
