import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { QueryFailedError } from '../../core/errors';
import { athenaValue } from './athenaValue';
import type { QueryColumn, QueryResult, QueryValue } from './QueryResult';

/** Settings of {@link AthenaQueryRunner}. */
export interface AthenaQueryRunnerProps {
  /** The Athena client; inject it (tests use aws-sdk-client-mock). */
  readonly client: AthenaClient;
  /**
   * The first wait between two GetQueryExecution polls, in ms; each next wait doubles.
   *
   * @default 250
   */
  readonly firstPollMs?: number;
  /**
   * The longest wait between two polls, in ms.
   *
   * @default 5000
   */
  readonly maxPollMs?: number;
  /**
   * How long to wait for the query to finish before giving up, in ms.
   *
   * @default 600000 (10 minutes)
   */
  readonly timeoutMs?: number;
  /**
   * How the runner waits; tests pass one that does not.
   *
   * @default - a timer
   */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What one query runs in. */
export interface AthenaQueryOptions {
  /** The workgroup: it sets the engine version, the results location and the scan limit. */
  readonly workGroup: string;
  /**
   * The database unqualified table names resolve in.
   *
   * @default - none: tables are named `database.table`
   */
  readonly database?: string;
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs SQL in Athena and returns the whole result: StartQueryExecution in the workgroup,
 * GetQueryExecution polled with exponential backoff (bounded per wait and in total), then
 * GetQueryResults page by page with `NextToken`. Values are typed by column (see
 * {@link athenaValue}); the header row Athena puts first in a SELECT's results is dropped.
 *
 * @example
 * ```ts
 * const runner = new AthenaQueryRunner({ client: new AthenaClient({}) });
 * const result = await runner.run('SELECT count(*) FROM marketplace_service.users', { workGroup: 'marketplace-analysts' });
 * result.statistics?.dataScannedBytes;
 * ```
 */
export class AthenaQueryRunner {
  private readonly client: AthenaClient;
  private readonly firstPollMs: number;
  private readonly maxPollMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  public constructor(props: AthenaQueryRunnerProps) {
    this.client = props.client;
    this.firstPollMs = props.firstPollMs ?? 250;
    this.maxPollMs = props.maxPollMs ?? 5000;
    this.timeoutMs = props.timeoutMs ?? 600_000;
    this.sleep = props.sleep ?? defaultSleep;
  }

  /**
   * Runs `sql` to the end.
   *
   * @throws QueryFailedError with Athena's reason when the query ends FAILED or CANCELLED, or
   *   with state TIMED_OUT when it is still running after `timeoutMs`
   */
  public async run(sql: string, options: AthenaQueryOptions): Promise<QueryResult> {
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: sql,
        WorkGroup: options.workGroup,
        ...(options.database === undefined ? {} : { QueryExecutionContext: { Database: options.database } }),
      }),
    );
    const id = started.QueryExecutionId ?? '';
    const execution = await this.waitForEnd(id);
    const state = execution.Status?.State;
    if (state !== 'SUCCEEDED') {
      const reason =
        execution.Status?.AthenaError?.ErrorMessage ??
        execution.Status?.StateChangeReason ??
        'Athena gave no reason';
      throw new QueryFailedError({
        queryExecutionId: id,
        state: state === 'CANCELLED' ? 'CANCELLED' : 'FAILED',
        reason,
      });
    }
    const { columns, rows } = await this.readResults(id, execution.StatementType === 'DML');
    return {
      queryExecutionId: id,
      columns,
      rows,
      statistics: {
        dataScannedBytes: execution.Statistics?.DataScannedInBytes ?? 0,
        engineExecutionMs: execution.Statistics?.EngineExecutionTimeInMillis ?? 0,
      },
    };
  }

  private async waitForEnd(id: string): Promise<QueryExecution> {
    let waited = 0;
    let delay = this.firstPollMs;
    for (;;) {
      const { QueryExecution: execution } = await this.client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      if (execution !== undefined && FINISHED.has(execution.Status?.State ?? '')) return execution;
      if (waited >= this.timeoutMs) {
        throw new QueryFailedError({
          queryExecutionId: id,
          state: 'TIMED_OUT',
          reason: `still ${execution?.Status?.State ?? 'unknown'} after ${Math.round(waited / 1000)} s; it keeps running in Athena (see the console, or stop it with StopQueryExecution)`,
        });
      }
      await this.sleep(delay);
      waited += delay;
      delay = Math.min(delay * 2, this.maxPollMs);
    }
  }

  private async readResults(
    id: string,
    hasHeaderRow: boolean,
  ): Promise<{ columns: QueryColumn[]; rows: QueryValue[][] }> {
    let columns: QueryColumn[] = [];
    const rows: QueryValue[][] = [];
    let token: string | undefined;
    let first = true;
    do {
      const page = await this.client.send(
        new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }),
      );
      if (first) {
        columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => ({
          name: column.Name ?? '',
          type: column.Type ?? 'varchar',
        }));
      }
      const pageRows = page.ResultSet?.Rows ?? [];
      for (const [index, row] of pageRows.entries()) {
        if (first && hasHeaderRow && index === 0) continue;
        const data = row.Data ?? [];
        rows.push(columns.map((column, i) => athenaValue(column.type, data[i]?.VarCharValue)));
      }
      first = false;
      token = page.NextToken;
    } while (token !== undefined);
    return { columns, rows };
  }
}
