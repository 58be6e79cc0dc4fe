import * as z from 'zod';
import { poolNameSchema } from './identifiers';

/** The pool of a table that names none, and of every table `includeTables: all` adds. */
export const DEFAULT_POOL = 'default';

/**
 * A concurrency pool: tables in one pool share a cap on concurrent extractions
 * (the Step Functions Map concurrency, so the open database sessions), the way
 * Airflow pools protect a source database.
 *
 * @example
 * ```yaml
 * pools:
 *   - { name: small, maxConcurrency: 2 }
 * ```
 */
export const poolSchema = z.strictObject({
  name: poolNameSchema.describe('Pool name that tables refer to.'),
  maxConcurrency: z.int().min(1).max(40).describe('Tables of this pool extracted at the same time (1..40).'),
});
