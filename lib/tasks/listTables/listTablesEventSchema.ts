import * as z from 'zod';

/**
 * The snapshot state machine's call of the list-tables Lambda, before its export. `config` is the
 * lake config subset `{ name, pools, sources: [source] }` the stack embeds (Lambda caps variables
 * at 4 KB); where the replica is is the function's setting, not the event's.
 */
export const listTablesEventSchema = z.strictObject({
  config: z.unknown(),
  source: z.string().min(1),
});

/** A parsed list-tables event (its `config` still unparsed). */
export type ListTablesEvent = z.infer<typeof listTablesEventSchema>;
