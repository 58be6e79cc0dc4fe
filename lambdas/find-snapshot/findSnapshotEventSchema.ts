import { z } from 'zod';

/** The state machine's input to the find-snapshot step: the source and its instance or cluster. */
export const findSnapshotEventSchema = z.union([
  z.strictObject({ source: z.string().min(1), instanceIdentifier: z.string().min(1) }),
  z.strictObject({ source: z.string().min(1), clusterIdentifier: z.string().min(1) }),
]);
