/**
 * Builders of valid config objects for tests: each returns a fresh, minimal,
 * valid value that a test overrides where it needs to.
 *
 * @example
 * ```ts
 * const config = parsedConfig({ streams: [validStream({ capacity: 'provisioned', shardCount: 2 })] });
 * const raw = configWith({ 'sources[0].replica.count': 6 }); // invalid on purpose
 * ```
 */
import { type DataLakeConfig, type DataLakeConfigInput, parseConfig } from '../../lib/config';

/** A source as written in a config file. */
export type SourceInput = NonNullable<DataLakeConfigInput['sources']>[number];
/** A table as written in a config file. */
export type TableInput = NonNullable<SourceInput['tables']>[number];
/** A stream as written in a config file. */
export type StreamInput = NonNullable<DataLakeConfigInput['streams']>[number];

/**
 * The MariaDB test server's `marketplace` fixture (test/fixtures) as source `service`: what every
 * db test that reads it shares; a test adds its tables, modes and exclusions.
 */
export function marketplaceSource(overrides: Partial<SourceInput> = {}): SourceInput {
  return {
    name: 'service',
    engine: 'mysql',
    database: 'marketplace',
    primary: { instanceIdentifier: 'service-db' },
    credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-AbCdEf',
    ...overrides,
  };
}

/** A valid table `users` with a hashed email column. */
export function validTable(overrides: Partial<TableInput> = {}): TableInput {
  return { name: 'users', columns: { email: { mask: 'hash' } }, ...overrides };
}

/** A valid MySQL source `service` on RDS instance `service-db` with one table. */
export function validSource(overrides: Partial<SourceInput> = {}): SourceInput {
  return {
    name: 'service',
    engine: 'mysql',
    database: 'service',
    primary: { instanceIdentifier: 'service-db' },
    credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:service-reader-AbCdEf',
    tables: [validTable()],
    ...overrides,
  };
}

/** A valid on-demand stream `app-events` relayed to Kafka topic `app.events`. */
export function validStream(overrides: Partial<StreamInput> = {}): StreamInput {
  return { name: 'app-events', partitionKeyField: 'userId', kafkaTopic: 'app.events', ...overrides };
}

/** A valid config `testlake` with one source and no streams; other keys take their defaults. */
export function validConfig(overrides: Partial<DataLakeConfigInput> = {}): DataLakeConfigInput {
  return {
    name: 'testlake',
    aws: { account: '123456789012', region: 'eu-west-1' },
    sources: [validSource()],
    ...overrides,
  };
}

/** {@link validConfig} validated, every default filled in: what stacks and Lambdas receive. */
export function parsedConfig(overrides: Partial<DataLakeConfigInput> = {}): DataLakeConfig {
  return parseConfig(validConfig(overrides));
}

/** Splits `sources[0].tables[1].columns.email` into `['sources', 0, 'tables', 1, 'columns', 'email']`. */
function pathSegments(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) =>
    match[2] === undefined ? (match[1] ?? '') : Number(match[2]),
  );
}

/**
 * A copy of `base` (default {@link validConfig}) with values set at config paths,
 * written as the error paths are (`sources[0].tables[0].columns.email.mask`),
 * for building invalid configs. `undefined` deletes the key; missing
 * intermediate objects are created.
 */
export function configWith(values: Record<string, unknown>, base: unknown = validConfig()): unknown {
  const copy: unknown = structuredClone(base);
  for (const [path, value] of Object.entries(values)) {
    const segments = pathSegments(path);
    const last = segments.at(-1);
    if (last === undefined) throw new Error(`empty path ${JSON.stringify(path)}`);
    let node = copy as Record<string | number, unknown>;
    segments.slice(0, -1).forEach((segment, index) => {
      node[segment] ??= typeof segments[index + 1] === 'number' ? [] : {};
      node = node[segment] as Record<string | number, unknown>;
    });
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return copy;
}
