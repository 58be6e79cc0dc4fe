import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryRunner, estimatedCostUsd, type QueryResult } from '../../adapters/athena';
import { type DataLakeConfig, loadConfig } from '../../config';
import { StatementCountError } from '../../core/errors';
import { workgroupName } from '../../core/naming';
import { countSqlStatements } from '../../core/query';
import { localLakePaths } from '../../local/localCatalogPaths';
import { queryLocalCatalog } from '../../local/queryLocalCatalog';
import { CliUsageError } from '../CliUsageError';
import { cliRegion } from '../cliRegion';
import { formatBytes } from '../formatBytes';
import { formatResult, type OutputFormat } from '../formatResult';
import type { Output } from '../Output';
import { withAwsSetupHints } from '../withAwsSetupHints';

/** Options of `datalake query`. */
export interface QueryCommandOptions {
  /** Query the local lake's DuckDB catalog instead of Athena. */
  readonly local: boolean;
  /** The local lake directory (with `local`). */
  readonly lakeDir: string;
  /** The config whose workgroup and region Athena queries run in (without `local`). */
  readonly config: string;
  /** @default - `<lake name>-<query.workgroupName>` from the config */
  readonly workgroup?: string;
  /**
   * The AWS region (`--region`).
   *
   * @default - AWS_REGION, else the config's `aws.region`, else the AWS SDK's lookup
   */
  readonly region?: string;
  readonly format: OutputFormat;
  /**
   * The Athena runner; tests inject one over a mocked client.
   *
   * @default - a runner over an AthenaClient in the region above
   */
  readonly athena?: AthenaQueryRunner;
}

/** Runs `sql` in Athena, in the workgroup and region from the options or the config. */
async function queryAthena(sql: string, options: QueryCommandOptions): Promise<QueryResult> {
  // Athena runs one statement per query; refuse before anything is sent or billed.
  const statements = countSqlStatements(sql);
  if (statements !== 1) throw new StatementCountError(sql, statements);
  let config: DataLakeConfig | undefined;
  const lake = () => {
    config ??= loadConfig(options.config);
    return config;
  };
  const workGroup = options.workgroup ?? workgroupName(lake().name, lake().query.workgroupName);
  const region = cliRegion({
    flag: options.region,
    env: process.env,
    configFile: options.config,
    configRegion: () => lake().aws.region,
  });
  const athena =
    options.athena ?? new AthenaQueryRunner({ client: new AthenaClient({ region: region.region }) });
  return withAwsSetupHints({ name: 'query', configFile: options.config, region }, () =>
    athena.run(sql, { workGroup }),
  );
}

/**
 * `datalake query "SQL"`: with `local`, runs the SQL in DuckDB over a copy of the local catalog
 * (so it works during a run); else in Athena in the config's workgroup (or `workgroup`) and
 * region (see {@link cliRegion}), then prints the rows as a table, CSV or JSON on stdout and, for
 * Athena, the data scanned and the estimated cost on stderr. SQL of more or less than one
 * statement is refused.
 *
 * @throws StatementCountError when the SQL is not exactly one statement
 * @throws AwsSetupError naming what to set when AWS has no region or credentials
 * @throws QueryFailedError with the engine's reason when the query fails
 */
export async function queryCommand(sql: string, options: QueryCommandOptions, output: Output): Promise<void> {
  if (sql.trim() === '')
    throw new CliUsageError('query: the SQL is empty; pass it as one argument, e.g. "SELECT 1"');
  const result = options.local
    ? await queryLocalCatalog(localLakePaths(options.lakeDir).catalogFile, sql)
    : await queryAthena(sql, options);
  output.out(formatResult(result, options.format));
  const rows = `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}`;
  if (result.statistics === undefined) {
    output.err(`(${rows}, local)`);
    return;
  }
  const scanned = result.statistics.dataScannedBytes;
  output.err(
    `(${rows}; query ${result.queryExecutionId}; data scanned ${formatBytes(scanned)}; estimated cost $${estimatedCostUsd(scanned).toFixed(6)} at $5/TB)`,
  );
}
