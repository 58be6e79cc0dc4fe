import type { RunFailure } from './alerts/RunFailure';

/**
 * Typed errors of the data lake. Every error the product raises on purpose is a
 * subclass of {@link DataLakeError}, sets `name`, passes `cause` and carries the
 * context a user needs to fix the input (the field, the value, what is allowed).
 *
 * @example
 * ```ts
 * try {
 *   loadConfig('lake.yaml');
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.issues.join('\n'));
 * }
 * ```
 */
export class DataLakeError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DataLakeError';
  }
}

/** One problem found in a config file: where it is and what is wrong. */
export interface ConfigIssue {
  /** Field path in the config, e.g. `sources[0].tables[2].columns.email.mask`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/**
 * The config file cannot be read or does not satisfy the schema. Holds every
 * problem found, not only the first, so a user fixes them in one pass.
 */
export class ConfigError extends DataLakeError {
  public readonly issues: readonly ConfigIssue[];
  public readonly file?: string;

  public constructor(issues: readonly ConfigIssue[], options?: ErrorOptions & { file?: string }) {
    const where = options?.file ? ` in ${options.file}` : '';
    const lines = issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`);
    super(`Invalid data lake config${where}:\n${lines.join('\n')}`, options);
    this.name = 'ConfigError';
    this.issues = issues;
    this.file = options?.file;
  }
}

/** Where a type string that cannot be mapped came from. */
export interface TypeMappingErrorContext {
  /** The type system of `columnType`: a source engine (`mysql`, `postgres`) or `athena` / `duckdb`. */
  readonly engine: string;
  /** The type text as received, e.g. `geometry`, `numeric`, `UBIGINT`. */
  readonly columnType: string;
  /** The column that has the type, when known. */
  readonly column?: string;
}

/**
 * A column type has no exact curated (Parquet + Athena) type: an unknown source type, a
 * DECIMAL wider than Athena's 38 digits, an unsigned or nanosecond DuckDB type. Raised
 * before any data is written, so a table never lands with a guessed type.
 */
export class TypeMappingError extends DataLakeError {
  public readonly engine: string;
  public readonly columnType: string;
  public readonly column?: string;

  public constructor(message: string, context: TypeMappingErrorContext, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TypeMappingError';
    this.engine = context.engine;
    this.columnType = context.columnType;
    this.column = context.column;
  }
}

/**
 * A construct was given props it cannot be built from. Holds every problem found,
 * not only the first, each naming the prop, the value received and what is allowed.
 *
 * @example
 * ```ts
 * throw new InvalidPropsError('Lake/Workgroup', [
 *   { path: 'bytesScannedCutoffPerQuery', message: 'got 1000 bytes; must be at least 10000000 bytes' },
 * ]);
 * ```
 */
export class InvalidPropsError extends DataLakeError {
  /** Path of the construct in the construct tree, e.g. `Lake/Storage`. */
  public readonly constructPath: string;
  public readonly issues: readonly ConfigIssue[];

  public constructor(constructPath: string, issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
    super(`Invalid props for ${constructPath}:\n${lines.join('\n')}`, options);
    this.name = 'InvalidPropsError';
    this.constructPath = constructPath;
    this.issues = issues;
  }
}

/** One table an RDS snapshot export did not write completely, with what AWS said about it. */
export interface TableExportProblem {
  /** The export target, e.g. `service.users` (MySQL) or `payments.public.refunds` (PostgreSQL). */
  readonly target: string;
  /** The table's status in the export's table info (`FAILED`, `SKIPPED`…), or `MISSING` when not listed. */
  readonly status: string;
  /** The reason AWS gave (`warningMessage`), or why the table counts as missing. */
  readonly reason: string;
}

/**
 * An RDS snapshot export skipped, failed or silently left out tables the run asked for.
 * Names every such table with the reason AWS gave, so a run never lands with a silent gap.
 */
export class TableExportError extends DataLakeError {
  public readonly exportId: string;
  public readonly problems: readonly TableExportProblem[];

  public constructor(exportId: string, problems: readonly TableExportProblem[], options?: ErrorOptions) {
    const lines = problems.map((problem) => `  ${problem.target}: ${problem.status}: ${problem.reason}`);
    super(
      `Export ${exportId} did not export ${problems.length} requested table(s); every requested table must have status COMPLETE:\n${lines.join('\n')}`,
      options,
    );
    this.name = 'TableExportError';
    this.exportId = exportId;
    this.problems = problems;
  }
}

/**
 * An RDS export info file (`export_info_*.json`, `export_tables_info_*.json`) does not have the
 * shape the pipeline relies on. Names the file and every problem found.
 */
export class ExportInfoError extends DataLakeError {
  /** The file (object key) or table the problem is in. */
  public readonly file: string;
  public readonly issues: readonly ConfigIssue[];

  public constructor(file: string, issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const lines = issues.map((issue) => `  ${issue.path || '(root)'}: ${issue.message}`);
    super(`Unreadable RDS export info in ${file}:\n${lines.join('\n')}`, options);
    this.name = 'ExportInfoError';
    this.file = file;
    this.issues = issues;
  }
}

/**
 * A config rule, partition key or watermark names a column the source table does not have.
 * Raised by the plan step before any data is read.
 */
export class UnknownColumnError extends DataLakeError {
  /** The table, as `schema.table`. */
  public readonly table: string;
  public readonly column: string;
  /** Where the column was named, e.g. `columns`, `partitionBy`, `watermarkColumn`. */
  public readonly field: string;
  /** The columns the source table has, in source order. */
  public readonly existingColumns: readonly string[];

  public constructor(
    context: { table: string; column: string; field: string; existingColumns: readonly string[] },
    options?: ErrorOptions,
  ) {
    super(
      `Table ${context.table}: ${context.field} names column "${context.column}", which the source table does not have; its columns are: ${context.existingColumns.join(', ')}`,
      options,
    );
    this.name = 'UnknownColumnError';
    this.table = context.table;
    this.column = context.column;
    this.field = context.field;
    this.existingColumns = context.existingColumns;
  }
}

/** Columns appeared in a source table whose config says `newColumns: fail`. */
export class NewColumnsError extends DataLakeError {
  /** The table, as `schema.table`. */
  public readonly table: string;
  public readonly columns: readonly string[];

  public constructor(table: string, columns: readonly string[], options?: ErrorOptions) {
    super(
      `Table ${table} has new source column(s) ${columns.join(', ')} and its config says newColumns: fail; add a rule for each (e.g. drop or mask) or set newColumns to exclude or include`,
      options,
    );
    this.name = 'NewColumnsError';
    this.table = table;
    this.columns = columns;
  }
}

/**
 * A table's config cannot be planned against its source columns: a partition key on the wrong
 * type or on a masked column, or two curated columns with one name.
 */
export class TablePlanError extends DataLakeError {
  /** The table, as `schema.table`. */
  public readonly table: string;
  public readonly column: string;

  public constructor(table: string, column: string, message: string, options?: ErrorOptions) {
    super(`Table ${table}, column ${column}: ${message}`, options);
    this.name = 'TablePlanError';
    this.table = table;
    this.column = column;
  }
}

/**
 * A MySQL date, datetime or timestamp column holds a value that is no calendar date (a zero or
 * partial-zero date such as `0000-00-00` or `2024-00-15`, or `2024-02-30`), and its source says
 * `invalidDates: fail`.
 */
export class InvalidDateError extends DataLakeError {
  /** The column, as `schema.table.column` (source names). */
  public readonly column: string;
  /** The column's source type, e.g. `datetime(6)`. */
  public readonly sourceType: string;
  /** The value as landed, `undefined` when withheld (a masked column). */
  public readonly value: string | undefined;

  public constructor(
    context: { column: string; sourceType: string; value: string | undefined },
    options?: ErrorOptions,
  ) {
    const shown = context.value === undefined ? '(withheld: masked column)' : JSON.stringify(context.value);
    super(
      `Column ${context.column} (${context.sourceType}) holds ${shown}, which is no calendar date (a MySQL zero or partial-zero date, or a day the month does not have); the source says invalidDates: fail. Set invalidDates: null on the source to land such values as NULL (counted per column), or fix the value at the source`,
      options,
    );
    this.name = 'InvalidDateError';
    this.column = context.column;
    this.sourceType = context.sourceType;
    this.value = context.value;
  }
}

/**
 * What a run wrote does not add up to what the source holds: a part has no manifest, a
 * manifest belongs to another run, or the rows written differ from the export's count.
 * Raised by the commit step before it touches the catalog, so the run stays invisible.
 */
export class RowCountMismatchError extends DataLakeError {
  /** The table, as `source.table`. */
  public readonly table: string;
  public readonly runId: string;
  /** Rows the source holds for this run (the export's or extract's count). */
  public readonly expectedRows: number;
  /** Rows the manifests that were found say they wrote. */
  public readonly writtenRows: number;
  /** Part indexes that have no manifest. */
  public readonly missingParts: readonly number[];

  public constructor(
    message: string,
    context: {
      table: string;
      runId: string;
      expectedRows: number;
      writtenRows: number;
      missingParts?: readonly number[];
    },
    options?: ErrorOptions,
  ) {
    super(`Table ${context.table}, run ${context.runId}: ${message}`, options);
    this.name = 'RowCountMismatchError';
    this.table = context.table;
    this.runId = context.runId;
    this.expectedRows = context.expectedRows;
    this.writtenRows = context.writtenRows;
    this.missingParts = context.missingParts ?? [];
  }
}

/** One change between the catalog's schema and the Parquet a run wrote that readers cannot follow. */
export interface IncompatibleSchemaChange {
  /** The column, or `(partition keys)` when the partitioning changed. */
  readonly column: string;
  /** The type in the catalog (Athena DDL type), or the catalog's partition keys. */
  readonly previousType: string;
  /** The type written (Athena DDL type), or the run's partition keys. */
  readonly writtenType: string;
}

/**
 * A run wrote a schema the catalog's table cannot evolve to: a narrowed or changed type, or
 * other partition keys. Lists every such change; the commit fails before any catalog write.
 */
export class SchemaEvolutionError extends DataLakeError {
  /** The table, as `source.table`. */
  public readonly table: string;
  public readonly changes: readonly IncompatibleSchemaChange[];

  public constructor(table: string, changes: readonly IncompatibleSchemaChange[], options?: ErrorOptions) {
    const lines = changes.map(
      (change) => `  ${change.column}: catalog has ${change.previousType}, run wrote ${change.writtenType}`,
    );
    super(
      `Table ${table}: incompatible schema change(s); allowed: same type, a widening (tinyint → smallint → int → bigint, integer → decimal with enough digits, float → double, decimal(p,s) → decimal(p2,s2) with s2 ≥ s and p2 - s2 ≥ p - s, char/varchar → longer varchar or string), new columns, dropped columns:\n${lines.join('\n')}`,
      options,
    );
    this.name = 'SchemaEvolutionError';
    this.table = table;
    this.changes = changes;
  }
}

/** One entry of a catalog batch call that the catalog refused. */
export interface CatalogBatchFailure {
  /** The partition's values, outermost key first. */
  readonly values: readonly string[];
  /** The catalog's error code, e.g. `AlreadyExistsException`. */
  readonly code: string;
  readonly message: string;
}

/**
 * A batch call on partitions (create, update, delete) returned per-entry errors. Glue answers
 * such calls with HTTP 200 and an `Errors` list, so they are raised here instead of being lost.
 */
export class CatalogBatchError extends DataLakeError {
  /** The batch operation, e.g. `BatchCreatePartition`. */
  public readonly operation: string;
  /** The table, as `database.table`. */
  public readonly table: string;
  public readonly failures: readonly CatalogBatchFailure[];

  public constructor(
    operation: string,
    table: string,
    failures: readonly CatalogBatchFailure[],
    options?: ErrorOptions,
  ) {
    const lines = failures.map(
      (failure) => `  [${failure.values.join(', ')}]: ${failure.code}: ${failure.message}`,
    );
    super(
      `${operation} on ${table} failed for ${failures.length} partition(s):\n${lines.join('\n')}`,
      options,
    );
    this.name = 'CatalogBatchError';
    this.operation = operation;
    this.table = table;
    this.failures = failures;
  }
}

/**
 * A catalog call named a table or view that does not exist: updating it, or listing, adding or
 * deleting its partitions (Glue answers EntityNotFoundException). Reading one that does not
 * exist is not an error: `getTable` and `getView` return `undefined`.
 */
export class CatalogTableNotFoundError extends DataLakeError {
  public readonly database: string;
  public readonly table: string;

  public constructor(operation: string, database: string, table: string, options?: ErrorOptions) {
    super(
      `${operation}: table ${database}.${table} does not exist in the catalog; allowed: a table created with createTable`,
      options,
    );
    this.name = 'CatalogTableNotFoundError';
    this.database = database;
    this.table = table;
  }
}

/** createTable named a table or view that already exists (Glue answers AlreadyExistsException). */
export class CatalogTableExistsError extends DataLakeError {
  public readonly database: string;
  public readonly table: string;

  public constructor(database: string, table: string, options?: ErrorOptions) {
    super(
      `createTable: ${database}.${table} already exists in the catalog; allowed: a new name (updateTable replaces a table, upsertView a view)`,
      options,
    );
    this.name = 'CatalogTableExistsError';
    this.database = database;
    this.table = table;
  }
}

/**
 * A commit for a run older than the one the catalog already shows: committing it would switch
 * readers back to older data (a late retry of a superseded run), so it is refused.
 */
export class StaleRunError extends DataLakeError {
  /** The table, as `source.table`. */
  public readonly table: string;
  public readonly runId: string;
  /** The run the catalog shows now. */
  public readonly committedRunId: string;

  public constructor(table: string, runId: string, committedRunId: string, options?: ErrorOptions) {
    super(
      `Table ${table}: run ${runId} is older than the committed run ${committedRunId}; only the committed run or a newer one may be committed`,
      options,
    );
    this.name = 'StaleRunError';
    this.table = table;
    this.runId = runId;
    this.committedRunId = committedRunId;
  }
}

/** Where a transform failed: the table, the run and the input part. */
export interface TransformErrorContext {
  readonly source: string;
  readonly table: string;
  readonly runId: string;
  /** The input part's location, `s3://bucket/key` or a local path. */
  readonly part: string;
}

/**
 * Curating one input part failed: DuckDB could not run the transform over it (most often a value
 * that does not convert to the curated type, a failing CAST or a malformed date; DuckDB's text
 * as `redactDuckdbError` leaves it, never DuckDB's error itself, which may quote a masked value),
 * the mask salt is missing, or a written column has a type Athena cannot read. The run fails
 * naming the part.
 */
export class TransformError extends DataLakeError {
  public readonly source: string;
  public readonly table: string;
  public readonly runId: string;
  public readonly part: string;

  public constructor(message: string, context: TransformErrorContext, options?: ErrorOptions) {
    super(
      `Transform of ${context.source}.${context.table} (run ${context.runId}, part ${context.part}) failed: ${message}`,
      options,
    );
    this.name = 'TransformError';
    this.source = context.source;
    this.table = context.table;
    this.runId = context.runId;
    this.part = context.part;
  }
}

/** An object store read asked for an object that does not exist. */
export class ObjectNotFoundError extends DataLakeError {
  public readonly bucket: string;
  public readonly key: string;

  public constructor(bucket: string, key: string, options?: ErrorOptions) {
    super(`Object not found: bucket "${bucket}", key "${key}"`, options);
    this.name = 'ObjectNotFoundError';
    this.bucket = bucket;
    this.key = key;
  }
}

/** A required environment variable of a Lambda or script is missing or malformed. */
export class EnvironmentError extends DataLakeError {
  public readonly variable: string;

  public constructor(variable: string, problem: string, options?: ErrorOptions) {
    super(`Environment variable ${variable} ${problem}`, options);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}

/** How a query ended when it did not succeed. */
export type QueryFailureState = 'FAILED' | 'CANCELLED' | 'TIMED_OUT';

/**
 * An Athena (or local DuckDB) query did not succeed: Athena reported FAILED or CANCELLED with its
 * reason, or it was still running when the caller stopped waiting.
 */
export class QueryFailedError extends DataLakeError {
  /** Athena's query execution id, or `local` for a DuckDB query. */
  public readonly queryExecutionId: string;
  public readonly state: QueryFailureState;
  /** The reason the engine gave (Athena's `StateChangeReason` or error message). */
  public readonly reason: string;

  public constructor(
    context: { queryExecutionId: string; state: QueryFailureState; reason: string },
    options?: ErrorOptions,
  ) {
    super(`Query ${context.queryExecutionId} ${context.state}: ${context.reason}`, options);
    this.name = 'QueryFailedError';
    this.queryExecutionId = context.queryExecutionId;
    this.state = context.state;
    this.reason = context.reason;
  }
}

/**
 * SQL given to run as one query holds another number of statements: DuckDB would run the first
 * and silently drop the others, so none is run.
 */
export class StatementCountError extends DataLakeError {
  /** The statements found (0: only whitespace, comments or semicolons). */
  public readonly statements: number;

  public constructor(sql: string, statements: number, options?: ErrorOptions) {
    const shown = sql.length > 80 ? `${sql.slice(0, 77)}...` : sql;
    super(
      `The SQL ${JSON.stringify(shown)} holds ${statements} statements; allowed: exactly one (run them one query at a time)`,
      options,
    );
    this.name = 'StatementCountError';
    this.statements = statements;
  }
}

/** What the AWS SDK could not find for a CLI command that calls AWS. */
export type AwsSetupMissing = 'region' | 'credentials';

/**
 * A CLI command that calls AWS has no region or no credentials. The message says what to set and
 * that `--local` needs neither.
 */
export class AwsSetupError extends DataLakeError {
  public readonly missing: AwsSetupMissing;

  public constructor(missing: AwsSetupMissing, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsSetupError';
    this.missing = missing;
  }
}

/** A source database given by URL could not be reached: nothing listens, or the host is unknown. */
export class SourceUnreachableError extends DataLakeError {
  public readonly host: string;
  public readonly port: number;

  public constructor(host: string, port: number, reason: string, options?: ErrorOptions) {
    super(
      `Cannot reach the source database at ${host}:${port} (${reason}); start it or pass another --source URL`,
      options,
    );
    this.name = 'SourceUnreachableError';
    this.host = host;
    this.port = port;
  }
}

/**
 * A local run failed. `cause` is its first error (e.g. ENOSPC, a table's failure); errors of the
 * cleanup that followed (closing DuckDB, removing the temp directory, writing the run log) are
 * secondary: kept in `cleanupErrors`, never in place of the first.
 */
export class LocalRunFailedError extends DataLakeError {
  public readonly runId: string;
  public readonly source: string;
  public readonly cleanupErrors: readonly Error[];

  public constructor(context: {
    runId: string;
    source: string;
    cause: Error;
    cleanupErrors: readonly Error[];
  }) {
    super(
      `Local run ${context.runId} of source ${context.source} failed: ${context.cause.message.split('\n')[0]}`,
      { cause: context.cause },
    );
    this.name = 'LocalRunFailedError';
    this.runId = context.runId;
    this.source = context.source;
    this.cleanupErrors = context.cleanupErrors;
  }
}

/**
 * A pipeline's state machine ended without succeeding: `failure` tells which run, how it ended and
 * the tables it failed on, as `runFailureMessage` words it. The message is the execution's
 * `<error>: <cause>`, or with failed tables `<error>: <n> table(s) failed: <table>: <cause>; …`
 * (a run that failed in `Tables failed` names them in its cause, their causes only in its history).
 */
export class PipelineRunFailedError extends DataLakeError {
  public readonly failure: RunFailure;

  public constructor(failure: RunFailure, options?: ErrorOptions) {
    const tables = failure.failedTables.map((table) => `${table.table}: ${table.cause}`);
    super(
      `${failure.error ?? failure.status}: ${
        tables.length === 0 ? (failure.cause ?? '') : `${tables.length} table(s) failed: ${tables.join('; ')}`
      }`,
      options,
    );
    this.name = 'PipelineRunFailedError';
    this.failure = failure;
  }
}

/** Who holds a local lake directory's run lock. */
export interface LocalRunOwner {
  readonly runId: string;
  readonly source: string;
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
}

/**
 * Another local run holds the lake directory: two runs at once would write one catalog file and
 * one run log. Raised before the second run reads or writes anything.
 */
export class LocalRunInProgressError extends DataLakeError {
  public readonly owner: LocalRunOwner;
  public readonly lockFile: string;

  public constructor(owner: LocalRunOwner, lockFile: string, options?: ErrorOptions) {
    super(
      `Another local run holds this lake directory: run ${owner.runId} of source ${owner.source}, pid ${owner.pid} on ${owner.host}, started ${owner.startedAt}; allowed: one run per lake directory at a time (wait for it, or pass another --lake-dir; if pid ${owner.pid} is no datalake run, delete ${lockFile})`,
      options,
    );
    this.name = 'LocalRunInProgressError';
    this.owner = owner;
    this.lockFile = lockFile;
  }
}

/**
 * The read replica lags its primary by more than the source's `replica.maxLagSeconds`, or its
 * replication is not running (the lag is unknown). Raised before a replica run reads anything,
 * so the state machine retries later instead of curating stale rows.
 */
export class ReplicaLagError extends DataLakeError {
  public readonly source: string;
  /** Seconds behind the primary; `null` when replication is stopped and the lag is unknown. */
  public readonly lagSeconds: number | null;
  public readonly maxLagSeconds: number;

  public constructor(
    context: { source: string; lagSeconds: number | null; maxLagSeconds: number },
    options?: ErrorOptions,
  ) {
    const lag =
      context.lagSeconds === null
        ? 'reports no lag (replication is not running)'
        : `lags the primary by ${context.lagSeconds} s`;
    super(
      `Read replica of source ${context.source} ${lag}; allowed: running replication at most ${context.maxLagSeconds} s behind (replica.maxLagSeconds)`,
      options,
    );
    this.name = 'ReplicaLagError';
    this.source = context.source;
    this.lagSeconds = context.lagSeconds;
    this.maxLagSeconds = context.maxLagSeconds;
  }
}

/**
 * The lag check could not measure a replica's lag (the server reports no replication, or Aurora
 * has no status row for an analytics reader) and the source's `replica.unmeasuredLag` is `fail`.
 * Not retried: asking again gives the same answer.
 */
export class ReplicaLagUnmeasuredError extends DataLakeError {
  public readonly source: string;
  /** Why each unmeasured replica could not be measured, one line per replica. */
  public readonly reasons: readonly string[];

  public constructor(context: { source: string; reasons: readonly string[] }, options?: ErrorOptions) {
    super(
      `Cannot measure the lag of source ${context.source}'s replica: ${context.reasons.join('; ')}; allowed: a replica whose lag can be measured, or replica.unmeasuredLag: warn to read it anyway`,
      options,
    );
    this.name = 'ReplicaLagUnmeasuredError';
    this.source = context.source;
    this.reasons = context.reasons;
  }
}

/**
 * A watermark could not advance because it changed since the run read it (another run advanced
 * it first) or was created meanwhile: the conditional write refused, so two runs never both move
 * one table's watermark.
 */
export class WatermarkConflictError extends DataLakeError {
  public readonly source: string;
  public readonly table: string;
  /** The ETag the run expected; `undefined` when it expected no watermark yet. */
  public readonly expectedEtag?: string;

  public constructor(
    context: { source: string; table: string; expectedEtag?: string },
    options?: ErrorOptions,
  ) {
    const expected = context.expectedEtag === undefined ? 'no watermark yet' : `ETag ${context.expectedEtag}`;
    super(
      `Watermark of ${context.source}.${context.table} changed since this run read it (expected ${expected}); another run advanced it: re-plan from the stored watermark`,
      options,
    );
    this.name = 'WatermarkConflictError';
    this.source = context.source;
    this.table = context.table;
    this.expectedEtag = context.expectedEtag;
  }
}

/**
 * An incremental run's commit refused: the run was planned after one committed run, and another
 * has been committed since, so its window may overlap rows readers already see.
 */
export class StaleWindowError extends DataLakeError {
  /** The table, as `source.table`. */
  public readonly table: string;
  public readonly runId: string;
  /** The committed run the window follows; `undefined` when none was committed at plan time. */
  public readonly plannedAfter?: string;
  /** The run the catalog shows now; `undefined` when none. */
  public readonly committedRunId?: string;

  public constructor(
    context: { table: string; runId: string; plannedAfter?: string; committedRunId?: string },
    options?: ErrorOptions,
  ) {
    super(
      `Table ${context.table}: run ${context.runId} was planned after ${context.plannedAfter === undefined ? 'no committed run' : `run ${context.plannedAfter}`}, but ${context.committedRunId === undefined ? 'no run' : `run ${context.committedRunId}`} is committed now; allowed: only a run planned after the committed one (the next run reads from the committed watermark)`,
      options,
    );
    this.name = 'StaleWindowError';
    this.table = context.table;
    this.runId = context.runId;
    this.plannedAfter = context.plannedAfter;
    this.committedRunId = context.committedRunId;
  }
}

/** How a replica session failed: see {@link ReplicaSessionError}. */
export type ReplicaSessionFailure = 'connect' | 'statement-timeout' | 'idle-timeout' | 'lost';

const REPLICA_SESSION_FAILURES: Record<ReplicaSessionFailure, string> = {
  connect: 'could not be opened',
  'statement-timeout': 'ran out of time',
  'idle-timeout': 'went silent',
  lost: 'was lost mid-statement',
};

/**
 * A session on a source's read replica failed for a reason outside the statement: it could not be
 * opened, a statement ran past `timeouts.statementSeconds`, the server sent nothing for
 * `timeouts.idleSeconds`, or the session died (killed, server restarted, connection cut). The
 * session is destroyed, never reused; the state machine retries the step.
 */
export class ReplicaSessionError extends DataLakeError {
  public readonly host: string;
  public readonly port: number;
  public readonly failure: ReplicaSessionFailure;

  public constructor(
    context: { host: string; port: number; failure: ReplicaSessionFailure; reason: string },
    options?: ErrorOptions,
  ) {
    super(
      `Replica session on ${context.host}:${context.port} ${REPLICA_SESSION_FAILURES[context.failure]}: ${context.reason}`,
      options,
    );
    this.name = 'ReplicaSessionError';
    this.host = context.host;
    this.port = context.port;
    this.failure = context.failure;
  }
}

/**
 * A task of a local run ran past its function's timeout (the `Timeout` CloudFormation deploys).
 * On AWS, Lambda stops the function and Step Functions reports `Lambda.Unknown`; locally the task
 * fails with this error, caught by the same `States.ALL` catchers, so no local run waits forever.
 */
export class TaskTimeoutError extends DataLakeError {
  /** The Task state that ran out. */
  public readonly state: string;
  public readonly timeoutSeconds: number;

  public constructor(context: { state: string; functionId: string; timeoutSeconds: number }) {
    super(
      `Task "${context.state}" (function ${context.functionId}) ran past its ${context.timeoutSeconds} s timeout; on AWS, Lambda would stop it (Lambda.Unknown)`,
    );
    this.name = 'TaskTimeoutError';
    this.state = context.state;
    this.timeoutSeconds = context.timeoutSeconds;
  }
}

/** Reading one chunk from the read replica failed (the query, the stream or the landing file). */
export class ExtractError extends DataLakeError {
  public readonly source: string;
  public readonly table: string;
  public readonly runId: string;
  public readonly chunk: number;

  public constructor(
    message: string,
    context: { source: string; table: string; runId: string; chunk: number },
    options?: ErrorOptions,
  ) {
    super(
      `Extract of ${context.source}.${context.table} (run ${context.runId}, chunk ${context.chunk}) failed: ${message}`,
      options,
    );
    this.name = 'ExtractError';
    this.source = context.source;
    this.table = context.table;
    this.runId = context.runId;
    this.chunk = context.chunk;
  }
}

/**
 * DuckDB's CSV reader refused the landed CSV: a line over its `max_line_size`, or (its parallel
 * reader) a long line it lost across two buffers, or rows it read fewer of than the CSV holds.
 * Value-free on purpose: it carries only the line
 * number and sizes, so it can be the cause of an error about a table with masked columns.
 */
export class CsvReadError extends DataLakeError {
  /** The line's number in the file DuckDB read, from 1, when DuckDB tells it. */
  public readonly line?: number;
  /** The line's length in bytes, when it was over the reader's longest line. */
  public readonly lineBytes?: number;
  /** The longest line the read took, in bytes, when the line was over it. */
  public readonly limitBytes?: number;

  public constructor(sizes: { line?: number; lineBytes?: number; limitBytes?: number }) {
    const { line, lineBytes, limitBytes } = sizes;
    const where = line === undefined ? '' : ` on line ${line}`;
    super(
      lineBytes === undefined
        ? `DuckDB's CSV reader refused the landed CSV${where}, or read fewer rows than it holds`
        : `a CSV line${where} of ${lineBytes} bytes is longer than the reader's ${limitBytes} bytes`,
    );
    this.name = 'CsvReadError';
    this.line = line;
    this.lineBytes = lineBytes;
    this.limitBytes = limitBytes;
  }
}

/**
 * A value of one column did not convert to its curated type. Value-free: the column as
 * `schema.table.column` (source names), its source and curated types, DuckDB's redacted text on
 * one line, and the offending row once a caller that can read the part again has found it.
 */
export class ConversionFailure extends DataLakeError {
  /** The column's index in the plan. */
  public readonly columnIndex: number;
  /** The column, as `schema.table.column` (source names). */
  public readonly column: string;
  /** The column's source type, e.g. `varchar(20)`. */
  public readonly sourceType: string;
  /** Its curated Athena type, e.g. `int`. */
  public readonly athenaType: string;
  /** DuckDB's text after `redactDuckdbError`, on one line. */
  public readonly detail: string;
  /** Which row: `key id = "30"`, `row 2 of the part`, or why that is unknown. @default - not looked for */
  public readonly row?: string;

  public constructor(context: {
    columnIndex: number;
    column: string;
    sourceType: string;
    athenaType: string;
    detail: string;
    row?: string;
  }) {
    super(
      `Column ${context.column} (${context.sourceType}, curated as ${context.athenaType}) holds a value that does not convert${context.row === undefined ? '' : ` (${context.row})`}: ${context.detail}`,
    );
    this.name = 'ConversionFailure';
    this.columnIndex = context.columnIndex;
    this.column = context.column;
    this.sourceType = context.sourceType;
    this.athenaType = context.athenaType;
    this.detail = context.detail;
    this.row = context.row;
  }

  /** The same failure, naming its row. */
  public atRow(row: string): ConversionFailure {
    const { columnIndex, column, sourceType, athenaType, detail } = this;
    return new ConversionFailure({ columnIndex, column, sourceType, athenaType, detail, row });
  }
}

/** A client event does not fit its envelope: a bad field, a missing partition key, a payload its schema refuses. */
export class EventEnvelopeError extends DataLakeError {
  /** The event's id, when it has one. */
  public readonly eventId?: string;
  /** The field at fault, when one is. */
  public readonly field?: string;

  public constructor(
    message: string,
    context: { eventId?: string; field?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'EventEnvelopeError';
    this.eventId = context.eventId;
    this.field = context.field;
  }
}

/** Where a Kinesis record that cannot be relayed sits in its stream. */
export interface PoisonRecordContext {
  /** The record's Kinesis sequence number (what a partial batch response names). */
  readonly sequenceNumber: string;
  /** The shard, e.g. `shardId-000000000000`, when the record's event id holds it. */
  readonly shardId?: string;
  /** Why the record cannot be relayed, e.g. `payload: expected record, received string`. */
  readonly reason: string;
}

/**
 * A Kinesis record whose data is not a valid client event envelope (not UTF-8, not JSON, or not
 * the envelope's shape). Retrying never fixes it, so the relay reports it to the failure path
 * instead of forwarding it, and consumers never see it in Kafka.
 */
export class PoisonRecordError extends DataLakeError {
  public readonly sequenceNumber: string;
  public readonly shardId?: string;
  public readonly reason: string;

  public constructor(context: PoisonRecordContext, options?: ErrorOptions) {
    super(
      `Kinesis record ${context.sequenceNumber}${context.shardId ? ` on ${context.shardId}` : ''} is not a client event envelope: ${context.reason}; allowed: UTF-8 JSON matching eventEnvelopeSchema`,
      options,
    );
    this.name = 'PoisonRecordError';
    this.sequenceNumber = context.sequenceNumber;
    this.shardId = context.shardId;
    this.reason = context.reason;
  }
}

/**
 * A Kafka topic cannot be brought to its configured shape: for example its configured partition
 * count is below the count it already has (Kafka can add partitions, never remove them).
 */
export class KafkaTopicError extends DataLakeError {
  /** The topic at fault. */
  public readonly topic: string;

  public constructor(message: string, context: { topic: string }, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaTopicError';
    this.topic = context.topic;
  }
}

/**
 * Kafka did not acknowledge a batch of messages (broker down, timeout, not enough in-sync
 * replicas). Transient: the relay fails the whole invocation so Lambda retries the batch from
 * its first record; messages the brokers did take before the failure are sent again (duplicates
 * that consumers drop by their headers), none are lost.
 */
export class KafkaProduceError extends DataLakeError {
  /** The topic the messages were for. */
  public readonly topic: string;
  /** How many messages the failed send held. */
  public readonly messages: number;

  public constructor(context: { topic: string; messages: number }, options?: ErrorOptions) {
    const cause = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(
      `Kafka did not acknowledge ${context.messages} messages for topic ${context.topic}${cause}`,
      options,
    );
    this.name = 'KafkaProduceError';
    this.topic = context.topic;
    this.messages = context.messages;
  }
}

/**
 * The client SDK's buffer has no room for an event and its full-buffer policy is `'reject'`.
 * Nothing was buffered: the app may retry later, drop the event knowingly or slow down.
 */
export class BufferFullError extends DataLakeError {
  public readonly eventName: string;
  /** Events and UTF-8 bytes (data + partition key) the buffer held when it refused. */
  public readonly bufferedRecords: number;
  public readonly bufferedBytes: number;
  public readonly maxBufferedRecords: number;
  public readonly maxBufferedBytes: number;

  public constructor(
    context: {
      eventName: string;
      bufferedRecords: number;
      bufferedBytes: number;
      maxBufferedRecords: number;
      maxBufferedBytes: number;
    },
    options?: ErrorOptions,
  ) {
    super(
      `Event ${context.eventName} refused: the buffer holds ${context.bufferedRecords} events / ${context.bufferedBytes} bytes; allowed: at most ${context.maxBufferedRecords} events and ${context.maxBufferedBytes} bytes (fullBufferPolicy 'reject')`,
      options,
    );
    this.name = 'BufferFullError';
    this.eventName = context.eventName;
    this.bufferedRecords = context.bufferedRecords;
    this.bufferedBytes = context.bufferedBytes;
    this.maxBufferedRecords = context.maxBufferedRecords;
    this.maxBufferedBytes = context.maxBufferedBytes;
  }
}

/** A client event is larger than one Kinesis record may be (data + partition key); it is not sent. */
export class RecordTooLargeError extends DataLakeError {
  public readonly eventName: string;
  public readonly eventId: string;
  /** UTF-8 bytes of the JSON envelope plus the partition key. */
  public readonly size: number;
  public readonly limit: number;

  public constructor(
    context: { eventName: string; eventId: string; size: number; limit: number },
    options?: ErrorOptions,
  ) {
    super(
      `Event ${context.eventName} (${context.eventId}) is ${context.size} bytes as a Kinesis record (JSON envelope + partition key); allowed: at most ${context.limit} bytes. It was not sent`,
      options,
    );
    this.name = 'RecordTooLargeError';
    this.eventName = context.eventName;
    this.eventId = context.eventId;
    this.size = context.size;
    this.limit = context.limit;
  }
}

/** An event was sent to a client SDK that `close()` has closed. */
export class EventClientClosedError extends DataLakeError {
  public readonly eventName: string;

  public constructor(eventName: string, options?: ErrorOptions) {
    super(`Event ${eventName} refused: the client is closed; allowed: send() before close()`, options);
    this.name = 'EventClientClosedError';
    this.eventName = eventName;
  }
}

/** What a durable event queue was doing when it failed. */
export type EventQueueOperation = 'open' | 'load' | 'add' | 'remove';

/**
 * A client's durable event queue (IndexedDB, AsyncStorage or an app's own store) could not do
 * what was asked: the browser refused to open the database, a write went over the origin's quota
 * (`QuotaExceededError`), or what is stored under the queue's key is not a queue. The events it
 * was asked to keep are still in the client's memory; nothing stored was dropped.
 */
export class EventQueueStorageError extends DataLakeError {
  /** Where the queue lives, e.g. `IndexedDB database "datalake-events"` or `key "datalake-events"`. */
  public readonly store: string;
  public readonly operation: EventQueueOperation;

  public constructor(
    context: { store: string; operation: EventQueueOperation; reason?: string },
    options?: ErrorOptions,
  ) {
    const cause = options?.cause;
    const why =
      context.reason ?? (cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
    super(`Event queue in ${context.store}: ${context.operation} failed: ${why}`, options);
    this.name = 'EventQueueStorageError';
    this.store = context.store;
    this.operation = context.operation;
  }
}
