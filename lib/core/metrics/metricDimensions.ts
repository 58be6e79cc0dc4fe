/** The dimensions of a table metric: `{ Source, Table }`, the config's names. */
export interface TableDimensions {
  readonly Source: string;
  readonly Table: string;
}

/** The dimensions of a source metric: `{ Source }`, the config's source name. */
export interface SourceDimensions {
  readonly Source: string;
}

/** The dimensions of a stream metric: `{ Stream }`, the config's stream name. */
export interface StreamDimensions {
  readonly Stream: string;
}

/**
 * The dimensions of one table's metrics.
 *
 * @example
 * ```ts
 * tableDimensions('service', 'users'); // { Source: 'service', Table: 'users' }
 * ```
 */
export function tableDimensions(source: string, table: string): TableDimensions {
  return { Source: source, Table: table };
}

/**
 * The dimensions of one stream's metrics.
 *
 * @example
 * ```ts
 * streamDimensions('app-events'); // { Stream: 'app-events' }
 * ```
 */
export function streamDimensions(stream: string): StreamDimensions {
  return { Stream: stream };
}

/**
 * The dimensions of one source's metrics.
 *
 * @example
 * ```ts
 * sourceDimensions('service'); // { Source: 'service' }
 * ```
 */
export function sourceDimensions(source: string): SourceDimensions {
  return { Source: source };
}
