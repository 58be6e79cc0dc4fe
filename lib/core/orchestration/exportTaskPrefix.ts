/** RDS's longest export task identifier. */
const MAX_EXPORT_ID_LENGTH = 60;
/** Length of `-` plus a run id in lower case: `-20261123t030005z`. */
const RUN_SUFFIX_LENGTH = 17;

/**
 * The first part of a source's RDS export task identifiers; a run's identifier is
 * `<prefix>-<run id in lower case>` (see {@link exportTaskId}).
 *
 * Export task identifiers are unique per account and region, start with a letter and
 * hold letters, digits and single hyphens, at most 60 characters. The lake name keeps
 * two lakes apart; `_` becomes `-` and the prefix is cut to leave room for the run id.
 *
 * @example
 * ```ts
 * exportTaskPrefix('marketplace', 'service_db'); // 'marketplace-service-db'
 * ```
 */
export function exportTaskPrefix(lakeName: string, sourceName: string): string {
  return `${lakeName}-${sourceName}`
    .replaceAll('_', '-')
    .replaceAll(/-{2,}/g, '-')
    .slice(0, MAX_EXPORT_ID_LENGTH - RUN_SUFFIX_LENGTH)
    .replace(/-+$/, '');
}

/**
 * The RDS export task identifier of one run: lower case, since RDS identifiers are
 * case-insensitive. The state machine builds the same string with intrinsics.
 *
 * @example
 * ```ts
 * exportTaskId('marketplace-service', '20261123T030005Z'); // 'marketplace-service-20261123t030005z'
 * ```
 */
export function exportTaskId(prefix: string, runId: string): string {
  return `${prefix}-${runId.toLowerCase()}`;
}
