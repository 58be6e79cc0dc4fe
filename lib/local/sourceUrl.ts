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
