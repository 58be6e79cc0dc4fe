import { RUN_ID_PATTERN } from '../pipeline';

const RUN_DIRECTORY = new RegExp(`(?:^|/)run=(${RUN_ID_PATTERN.source.slice(1, -1)})/[^/]+$`);

/**
 * The run id of the `run=<id>/` directory an object sits directly in, or `undefined` when the
 * key is not inside a run directory (a partition key named `run` higher up does not count).
 *
 * @example
 * ```ts
 * runIdOfKey('service/items/month=2026-11/run=20261123T030005Z/part-00000-000.parquet'); // '20261123T030005Z'
 * runIdOfKey('service/items/_SUCCESS'); // undefined
 * ```
 */
export function runIdOfKey(key: string): string | undefined {
  return RUN_DIRECTORY.exec(key)?.[1];
}
