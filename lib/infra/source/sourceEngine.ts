/** The database engine of a source: RDS for MySQL / Aurora MySQL, or RDS for PostgreSQL / Aurora PostgreSQL. */
export type SourceEngine = 'mysql' | 'postgres';

/** What the replica construct needs to know about one engine. */
export interface SourceEngineFacts {
  /** The engine's default port, which the replica keeps unless told otherwise. */
  readonly defaultPort: number;
  /** The `Engine` value of an Aurora reader instance of this engine. */
  readonly auroraEngine: string;
  /**
   * Logs an RDS instance replica exports to CloudWatch Logs: errors and slow
   * queries, the two that explain a slow or failing extract. MySQL's general and
   * audit logs are left off: they log every statement (the extract's included).
   */
  readonly cloudwatchLogsExports: readonly string[];
}

/**
 * Per-engine facts, keyed by {@link SourceEngine}.
 *
 * @example
 * ```ts
 * SOURCE_ENGINES.postgres.defaultPort; // 5432
 * ```
 */
export const SOURCE_ENGINES: Readonly<Record<SourceEngine, SourceEngineFacts>> = {
  mysql: { defaultPort: 3306, auroraEngine: 'aurora-mysql', cloudwatchLogsExports: ['error', 'slowquery'] },
  postgres: { defaultPort: 5432, auroraEngine: 'aurora-postgresql', cloudwatchLogsExports: ['postgresql'] },
};
