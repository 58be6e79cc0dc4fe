import { AthenaClient } from '@aws-sdk/client-athena';
import { AthenaQueryRunner, estimatedCostUsd, type QueryResult } from '../../adapters/athena';
import { loadConfig } from '../../config';
import { workgroupName } from '../../core/naming';
import { localLakePaths } from '../../local/localCatalogPaths';
import { queryLocalCatalog } from '../../local/queryLocalCatalog';
import { CliUsageError } from '../CliUsageError';
import { formatBytes } from '../formatBytes';
import { formatResult, type OutputFormat } from '../formatResult';
import type { Output } from '../Output';

/** Options of `datalake query`. */
export interface QueryCommandOptions {
  /** Query the local lake's DuckDB catalog instead of Athena. */
  readonly local: boolean;
  /** The local lake directory (with `local`). */
  readonly lakeDir: string;
  /** The config whose workgroup Athena queries run in (without `local`). */
  readonly config: string;
  /** @default - `<lake name>-<query.workgroupName>` from the config */
  readonly workgroup?: string;
  readonly format: OutputFormat;
  /**
   * The Athena runner; tests inject one over a mocked client.
   *
   * @default - a runner over a default AthenaClient (credentials and region from the environment)
   */
  readonly athena?: AthenaQueryRunner;
}

/**
 * `datalake query "SQL"`: with `local`, runs the SQL in DuckDB over the local catalog; else in
 * Athena in the config's workgroup (or `workgroup`), then prints the rows as a table, CSV or
 * JSON on stdout and, for Athena, the data scanned and the estimated cost on stderr.
 *
 * @throws QueryFailedError with the engine's reason when the query fails
 */
export async function queryCommand(sql: string, options: QueryCommandOptions, output: Output): Promise<void> {
  if (sql.trim() === '')
    throw new CliUsageError('query: the SQL is empty; pass it as one argument, e.g. "SELECT 1"');
  let result: QueryResult;
  if (options.local) {
    result = await queryLocalCatalog(localLakePaths(options.lakeDir).catalogFile, sql);
  } else {
    const workGroup =
      options.workgroup ??
      (() => {
        const config = loadConfig(options.config);
        return workgroupName(config.name, config.query.workgroupName);
      })();
    const athena = options.athena ?? new AthenaQueryRunner({ client: new AthenaClient({}) });
    result = await athena.run(sql, { workGroup });
  }
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
