import { TypeMappingError } from '../errors';
import type { SourceColumnType } from './SourceColumnType';

/**
 * A TypeMappingError for a source column, naming the column, the type received and the problem.
 *
 * @example
 * ```ts
 * throw typeError(column, 'is not a MySQL type this lake maps; supported: ...');
 * ```
 */
export function typeError(column: SourceColumnType, problem: string): TypeMappingError {
  const columnType = column.columnType ?? column.dataType;
  const where = column.column ? `column "${column.column}" ` : '';
  return new TypeMappingError(`${column.engine} ${where}type "${columnType}" ${problem}`, {
    engine: column.engine,
    columnType,
    column: column.column,
  });
}
