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
