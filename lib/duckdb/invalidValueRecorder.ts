import { type DuckDBConnection, DuckDBScalarFunction, INTEGER, VARCHAR } from '@duckdb/node-api';
import type { InvalidDates } from '../config';
import { INVALID_VALUE_FUNCTION } from '../core/transform';

/** The first invalid value a `fail` recorder met, which failed the query. */
export interface InvalidValueFailure {
  /** The column's index in the plan. */
  readonly column: number;
  /** The value as the landing held it (text). */
  readonly value: string;
}

/**
 * What one part's curating SELECT reported through `INVALID_VALUE_FUNCTION`: the invalid values
 * per column, counted as the very expression that lands them NULL meets them, so the count is
 * exact even where the input can be read only once (the replica's pipes).
 */
export interface InvalidValueRecorder {
  /** The id the SELECT passes (`buildTransformSql`'s `invalidValues`). */
  readonly id: number;
  /** Invalid values met so far, by the column's index in the plan. */
  readonly counts: ReadonlyMap<number, number>;
  /** Under `fail`: the value that failed the query. @default - none met */
  readonly failure?: InvalidValueFailure;
  /** Forgets the recorder: call once the part's query has ended. */
  close(): void;
}

interface OpenRecorder {
  readonly mode: InvalidDates;
  readonly counts: Map<number, number>;
  failure?: InvalidValueFailure;
}

/** Recorders of the parts running in this process, by id: the function is shared by every connection. */
const OPEN = new Map<number, OpenRecorder>();
let lastId = 0;

/**
 * A recorder for one part's invalid values, with the plan's `invalidDates`: `null` counts each
 * value and lands it NULL; `fail` keeps the first and fails the query.
 *
 * @example
 * ```ts
 * const recorder = openInvalidValueRecorder(plan.invalidDates ?? 'null');
 * try {
 *   const { sql } = buildTransformSql(plan, { relation, path: 'export', invalidValues: recorder.id });
 *   // … run it on a connection that registerInvalidValueFunction was called on
 * } finally {
 *   recorder.close();
 * }
 * ```
 */
export function openInvalidValueRecorder(mode: InvalidDates): InvalidValueRecorder {
  lastId += 1;
  const id = lastId;
  const open: OpenRecorder = { mode, counts: new Map() };
  OPEN.set(id, open);
  return {
    id,
    counts: open.counts,
    get failure() {
      return open.failure;
    },
    close: () => {
      OPEN.delete(id);
    },
  };
}

/** Counts one invalid value; the error to fail the query with under `fail` (or an unknown recorder). */
function record(recorder: number, column: number, value: string): string | undefined {
  const open = OPEN.get(recorder);
  if (open === undefined) return `${INVALID_VALUE_FUNCTION}: no open recorder ${recorder}`;
  open.counts.set(column, (open.counts.get(column) ?? 0) + 1);
  if (open.mode === 'null') return undefined;
  open.failure ??= { column, value };
  return `invalid date in plan column ${column} (invalidDates: fail)`;
}

/**
 * Registers `INVALID_VALUE_FUNCTION(recorder INTEGER, column INTEGER, value VARCHAR) → VARCHAR` on
 * the connection's database (again: the same function). The SELECT calls it only for the rows
 * whose value is invalid (a CASE branch), so it costs nothing on valid data. It is volatile, so
 * DuckDB never folds or caches a call.
 */
export function registerInvalidValueFunction(connection: DuckDBConnection): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: INVALID_VALUE_FUNCTION,
      returnType: VARCHAR,
      parameterTypes: [INTEGER, INTEGER, VARCHAR],
      volatile: true,
      specialHandling: true,
      mainFunction: (info, input, output) => {
        const [recorders, columns, values] = [0, 1, 2].map((index) => input.getColumnVector(index));
        for (let row = 0; row < input.rowCount; row += 1) {
          const error = record(
            Number(recorders?.getItem(row)),
            Number(columns?.getItem(row)),
            String(values?.getItem(row) ?? 'NULL'),
          );
          if (error !== undefined) {
            info.setError(error);
            return;
          }
          output.setItem(row, null);
        }
        output.flush();
      },
    }),
  );
}
