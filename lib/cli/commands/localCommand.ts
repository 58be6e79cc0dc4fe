import { type DataLakeConfig, loadConfig } from '../../config';
import { runLocalCdc } from '../../local/cdc';
import { demoSampleQuery } from '../../local/demo';
import { runLocalEvents } from '../../local/events/runLocalEvents';
import { queryLocalCatalog } from '../../local/queryLocalCatalog';
import { runLocal } from '../../local/runLocal';
import { CliUsageError } from '../CliUsageError';
import { formatInvalidValuesNulled } from '../formatInvalidValuesNulled';
import { formatResult, formatTable } from '../formatResult';
import { formatStreamSummary } from '../formatStreamSummary';
import { LOCAL_SUMMARY_HEADERS, localSummaryRows } from '../localSummaryRows';
import type { Output } from '../Output';
import { tableProgressDisplay } from '../tableProgressDisplay';

/** Options of `datalake local`. */
export interface LocalCommandOptions {
  /** A `mysql://…` or `postgres://…` URL. @default - the demo marketplace (PGlite) */
  readonly source?: string;
  readonly lakeDir: string;
  readonly config: string;
  /**
   * Sample events to send into each configured stream after the tables: through the client SDK
   * into a Kinesis emulator, relayed to a mock Kafka broker, archived into the local catalog.
   *
   * @default - the events path is not run
   */
  readonly events?: number;
  /**
   * One change-data-capture cycle of the source's tables in mode `cdc` instead of the run: a
   * capture of the server's binlog or WAL into DMS files, then the apply (see `runLocalCdc`).
   * Needs `source`.
   *
   * @default false
   */
  readonly cdc?: boolean;
}

/**
 * `datalake local`: runs the snapshot pipeline of the config's first source on this machine
 * (see `runLocal`) with a progress line per table, then prints a summary table (rows, the row-count
 * check and freshness, columns dropped and masked, bytes, time) and a sample query over the local catalog with its result.
 * With `events`, then runs the client events path for each configured stream (see
 * `runLocalEvents`) and prints one line per stream and how to query the archive.
 *
 * @throws ConfigError (the config, or a `--source` URL naming another engine or database)
 * @throws LocalRunInProgressError when another run holds the lake directory
 * @throws LocalRunFailedError when the run failed: its cause is the first error
 * @throws CliUsageError when `events` is given and the config has no streams
 * @throws DataLakeError when the mock Kafka broker cannot be built (naming the install command)
 */
export async function localCommand(options: LocalCommandOptions, output: Output): Promise<void> {
  const started = Date.now();
  const config = loadConfig(options.config);
  if (options.cdc === true) return localCdcCycle(options, config, output, started);
  if (options.events !== undefined && config.streams.length === 0) {
    throw new CliUsageError(
      `--events sends into the config's streams, but ${options.config} has none; allowed: a config with streams (e.g. config/local-demo.yaml)`,
    );
  }
  const source = config.sources[0];
  const tables = source?.tables.map((table) => table.name) ?? [];
  // With includeTables: all, the run finds tables the config does not name.
  const othersExpected = source?.includeTables === 'all';
  output.out(
    options.source === undefined
      ? `Source: the demo marketplace (embedded PostgreSQL, PGlite) → lake ${options.lakeDir}`
      : `Source: ${options.source.replace(/\/\/[^@/]*@/, '//…@')} → lake ${options.lakeDir}`,
  );
  const display = tableProgressDisplay(tables, othersExpected);
  const run = runLocal({
    config,
    lakeDir: options.lakeDir,
    ...(options.source === undefined ? {} : { sourceUrl: options.source }),
    onProgress: display.listener,
    onWarning: (message) => output.err(`warning: ${message}`),
  }).finally(() => display.abort('not run'));
  const [outcome] = await Promise.allSettled([run, display.finished]);
  if (outcome.status === 'rejected') throw outcome.reason;
  const result = outcome.value;

  output.out('');
  output.out(formatTable([...LOCAL_SUMMARY_HEADERS], localSummaryRows(result.tables, Date.now())));
  for (const line of formatInvalidValuesNulled(result.tables)) output.out(line);
  const sql =
    options.source === undefined
      ? demoSampleQuery(result.database)
      : `SELECT * FROM ${result.database}.${result.tables[0]?.table ?? 'information_schema.tables'} LIMIT 5`;
  output.out(`\nSample query (datalake query --local --lake-dir ${options.lakeDir} "…"):\n${sql}\n`);
  output.out(formatResult(await queryLocalCatalog(result.catalogFile, sql), 'table'));
  output.out(`\nRun ${result.runId} ${result.status} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (options.events === undefined) return;

  output.out(`\nClient events: ${options.events} sample events into each stream`);
  const summaries = await runLocalEvents({
    config,
    lakeDir: options.lakeDir,
    events: options.events,
    onProgress: (message) => output.err(message),
  });
  for (const summary of summaries) output.out(formatStreamSummary(summary));
  const table = summaries[0]?.table ?? '';
  output.out(
    `\nQuery the archive: npx datalake query --local --lake-dir ${options.lakeDir} "SELECT event_name, count(*) AS events FROM ${table} GROUP BY 1"`,
  );
}

/** `datalake local --cdc`: one capture and apply cycle, a line per table, and `<table>_latest` queried. */
async function localCdcCycle(
  options: LocalCommandOptions,
  config: DataLakeConfig,
  output: Output,
  started: number,
): Promise<void> {
  if (options.source === undefined) {
    throw new CliUsageError(
      "--cdc reads a database server's binlog or WAL; allowed: with --source mysql://… or postgres://… (e.g. the test servers of scripts/services/databases.sh)",
    );
  }
  output.out(`Change capture: ${options.source.replace(/\/\/[^@/]*@/, '//…@')} → lake ${options.lakeDir}`);
  const result = await runLocalCdc({ config, lakeDir: options.lakeDir, sourceUrl: options.source });
  const { capture } = result;
  output.out(
    `Captured ${capture.kind === 'full-load' ? 'a full load' : 'changes'}: ${capture.rows} rows in ${capture.keys.length} DMS files`,
  );
  for (const table of result.tables) {
    output.out(
      table.applied
        ? `  ${table.table}: applied, ${table.rows ?? 0} rows now`
        : `  ${table.table}: no new changes`,
    );
  }
  const sql = `SELECT * FROM ${result.database}.${result.tables[0]?.table ?? ''}_latest LIMIT 5`;
  output.out(`\nSample query (datalake query --local --lake-dir ${options.lakeDir} "…"):\n${sql}\n`);
  output.out(formatResult(await queryLocalCatalog(result.catalogFile, sql), 'table'));
  output.out(`\nCycle done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
