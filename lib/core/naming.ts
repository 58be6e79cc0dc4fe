/**
 * Names derived from the lake and source names, in one place so the stacks, the
 * Lambdas, the CLI and local mode agree on them.
 *
 * Glue and Athena fold names to lower case and reject hyphens in unquoted
 * identifiers, so catalog names use underscores; CloudFormation stack names keep
 * the lake's hyphens.
 */

/** Turns a lake or source name into a Glue/Athena identifier part: lower case, `-` → `_`. */
function catalogPart(name: string): string {
  return name.toLowerCase().replaceAll('-', '_');
}

/**
 * The Glue database that holds one source's curated tables.
 *
 * @example
 * ```ts
 * sourceDatabaseName('marketplace', 'service'); // 'marketplace_service'
 * ```
 */
export function sourceDatabaseName(lakeName: string, sourceName: string): string {
  return `${catalogPart(lakeName)}_${catalogPart(sourceName)}`;
}

/**
 * The Glue database that holds the client event tables.
 *
 * @example
 * ```ts
 * eventsDatabaseName('my-lake'); // 'my_lake_events'
 * ```
 */
export function eventsDatabaseName(lakeName: string): string {
  return `${catalogPart(lakeName)}_events`;
}

/** Which stack of the lake: the shared foundation, one per source, or the client events. */
export type StackRole =
  | { readonly kind: 'foundation' }
  | { readonly kind: 'events' }
  | { readonly kind: 'source'; readonly source: string };

/**
 * The CloudFormation stack name of one part of the lake.
 *
 * @example
 * ```ts
 * stackName('marketplace', { kind: 'source', source: 'payments' }); // 'marketplace-source-payments'
 * stackName('marketplace', { kind: 'events' }); // 'marketplace-events'
 * ```
 */
export function stackName(lakeName: string, role: StackRole): string {
  if (role.kind === 'source') return `${lakeName}-source-${role.source.replaceAll('_', '-')}`;
  return `${lakeName}-${role.kind}`;
}
