import * as z from 'zod';
import { DataLakeError } from '../errors';
import { manifestPrefix } from '../pipeline';

/** Where a table's changes were applied through, recorded with the run that applied them. */
export interface ChangePosition {
  /** The position (`ChangeFile.position`) of the last change file the run applied. */
  readonly through: string;
  /** Change files the run applied on top of its base run. */
  readonly files: number;
  /** The run the changes were applied on. @default - none: the run applied from the first change file */
  readonly baseRunId?: string;
}

/**
 * Where the position a run applied through is kept: beside the run's manifests, so it lives and
 * is deleted with the run, and the position readers' run applied is what the view shows (the
 * view switch is the commit). Not `.json`: the commit reads every `.json` there as a part manifest.
 *
 * @example
 * ```ts
 * changePositionKey('service', 'items', '20261207T103000Z'); // '_manifests/service/items/run=20261207T103000Z/cdc-position'
 * ```
 */
export function changePositionKey(source: string, table: string, runId: string): string {
  return `${manifestPrefix(source, table, runId)}cdc-position`;
}

const positionSchema = z
  .object({
    through: z.string().min(1),
    files: z.number().int().min(1),
    baseRunId: z.string().min(1).optional(),
  })
  .strict();

/**
 * A run's change position read back, checked.
 *
 * @param key where it was read, for the message
 * @throws DataLakeError naming the key and what does not fit
 */
export function parseChangePosition(value: unknown, key: string): ChangePosition {
  const result = positionSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new DataLakeError(`Invalid change position ${key}: ${issues.join('; ')}`);
}
