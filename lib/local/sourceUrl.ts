import { ConfigError } from '../core/errors';
import type { SourceEngine } from '../core/types';

/** A source database given by URL, e.g. `postgres://user:pw@127.0.0.1:5433/shop`. */
export interface SourceUrl {
  readonly url: string;
  readonly engine: SourceEngine;
  readonly host: string;
  readonly port: number;
  /** The database in the URL's path. @default - none in the URL */
  readonly database?: string;
}

const ENGINES: Readonly<Record<string, { engine: SourceEngine; port: number }>> = {
  'mysql:': { engine: 'mysql', port: 3306 },
  'mariadb:': { engine: 'mysql', port: 3306 },
  'postgres:': { engine: 'postgres', port: 5432 },
  'postgresql:': { engine: 'postgres', port: 5432 },
};

/**
 * Parses a `--source` URL: the engine from the scheme, host, port (the engine's default when
 * left out) and database.
 *
 * @throws ConfigError naming the value when it is not a mysql:// or postgres:// URL
 * @example
 * ```ts
 * parseSourceUrl('mysql://root@127.0.0.1:3307/marketplace'); // { engine: 'mysql', host: '127.0.0.1', port: 3307, database: 'marketplace', … }
 * ```
 */
export function parseSourceUrl(url: string): SourceUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new ConfigError(
      [{ path: '--source', message: `received "${url}"; allowed: mysql://… or postgres://…` }],
      {
        cause: error,
      },
    );
  }
  const known = ENGINES[parsed.protocol];
  if (known === undefined || parsed.hostname === '') {
    throw new ConfigError([
      {
        path: '--source',
        message: `received "${url}"; allowed: mysql://host[:port]/db or postgres://host[:port]/db`,
      },
    ]);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    url,
    engine: known.engine,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? known.port : Number(parsed.port),
    ...(database === '' ? {} : { database }),
  };
}

/** What {@link sourceUrlFor} checks a `--source` URL against: the config's source. */
export interface SourceUrlTarget {
  readonly name: string;
  readonly engine: SourceEngine;
  /** The config's `database:`. */
  readonly database: string;
}

/**
 * The `--source` URL `source` runs on: parsed (see {@link parseSourceUrl}), its engine and
 * database checked against the config's source, and the config's `database:` put in its path
 * when it names none, so every connection of the run reads that database (PostgreSQL would
 * otherwise connect to the database named after the user). The config's database wins because
 * it is what deploys: the export's key layout, a MySQL table's schema and the plans all carry it,
 * and local mode runs the stacks as they deploy; a URL naming another database is refused rather
 * than silently read or silently ignored.
 *
 * @throws ConfigError (path `--source`) naming both engines, or both databases
 * @example
 * ```ts
 * sourceUrlFor('mysql://root@127.0.0.1:3307', { name: 'shop', engine: 'mysql', database: 'shop' }).url;
 * // 'mysql://root@127.0.0.1:3307/shop'
 * ```
 */
export function sourceUrlFor(
  url: string,
  source: SourceUrlTarget,
): SourceUrl & { readonly database: string } {
  const parsed = parseSourceUrl(url);
  if (parsed.engine !== source.engine) {
    throw new ConfigError([
      {
        path: '--source',
        message: `is a ${parsed.engine} URL, but source "${source.name}" is ${source.engine}`,
      },
    ]);
  }
  if (parsed.database !== undefined && parsed.database !== source.database) {
    throw new ConfigError([
      {
        path: '--source',
        message: `names database "${parsed.database}", but source "${source.name}" reads database "${source.database}" (its database: in the config); allowed: a URL ending in /${encodeURIComponent(source.database)}, or no database in the URL (to read another database, set database: in the config)`,
      },
    ]);
  }
  const withDatabase = new URL(url);
  withDatabase.pathname = `/${encodeURIComponent(source.database)}`;
  return { ...parsed, url: withDatabase.toString(), database: source.database };
}
