import { type DuckDBConnection, DuckDBScalarFunction, INTEGER, VARCHAR } from '@duckdb/node-api';
import { PG_ARRAY_JSON_FUNCTION, pgArrayJson } from '../core/types';

/**
 * Registers `pg_array_json(text, dimensions, column)` ({@link pgArrayJson}) with the database of
 * `connection`: the type mapping's SQL for PostgreSQL arrays calls it on both landing paths.
 * DuckDB passes NULL through without calling it; a value that is not an array of that many
 * dimensions fails the query with the check's message.
 *
 * @example
 * ```ts
 * registerPgArrayJson(connection);
 * await connection.run(`SELECT pg_array_json('{a,"b c"}', 1, '"tags"')`); // '["a","b c"]'
 * ```
 */
export function registerPgArrayJson(connection: DuckDBConnection): void {
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: PG_ARRAY_JSON_FUNCTION,
      returnType: VARCHAR,
      parameterTypes: [VARCHAR, INTEGER, VARCHAR],
      mainFunction: (info, input, output) => {
        const [texts, dimensions, columns] = [0, 1, 2].map((index) => input.getColumnVector(index));
        for (let row = 0; row < input.rowCount; row += 1) {
          const text = texts?.getItem(row);
          try {
            output.setItem(
              row,
              typeof text === 'string'
                ? pgArrayJson(text, Number(dimensions?.getItem(row)), String(columns?.getItem(row)))
                : null,
            );
          } catch (error) {
            info.setError(error instanceof Error ? error.message : String(error));
            return;
          }
        }
        output.flush();
      },
    }),
  );
}
