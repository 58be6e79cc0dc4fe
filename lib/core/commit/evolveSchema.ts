import { SchemaEvolutionError, TypeMappingError } from '../errors';
import type { WrittenColumn } from '../pipeline';
import { duckdbTypeToAthena } from '../types';
import type { CatalogColumn } from './CatalogTable';
import { isWidening } from './isWidening';
import { normalizeAthenaType } from './normalizeAthenaType';

/** A column whose type a run widened. */
export interface WidenedColumn {
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

/** How a run changed a table's schema, for logs and metrics. */
export interface SchemaChanges {
  /** Columns written for the first time, appended to the table. */
  readonly added: readonly CatalogColumn[];
  /** Catalog columns this run did not write: kept, so they read as NULL. */
  readonly dropped: readonly CatalogColumn[];
  readonly widened: readonly WidenedColumn[];
}

/** The table's schema after a run, and how it changed. */
export interface SchemaEvolution {
  /** The catalog's columns in their order with widened types, then the new columns. */
  readonly columns: readonly CatalogColumn[];
  readonly changes: SchemaChanges;
}

function athenaColumn(column: WrittenColumn): CatalogColumn {
  try {
    // Glue keeps column names in lower case; compare and register them that way.
    return { name: column.name.toLowerCase(), type: duckdbTypeToAthena(column.duckdbType) };
  } catch (error) {
    if (!(error instanceof TypeMappingError)) throw error;
    throw new TypeMappingError(
      `column "${column.name}": ${error.message}`,
      {
        engine: 'duckdb',
        columnType: column.duckdbType,
        column: column.name,
      },
      { cause: error },
    );
  }
}

/**
 * The schema a table takes after a run wrote `written` (the Parquet schema DuckDB read back,
 * not the plan): the first run registers what was written; afterwards the catalog's columns
 * keep their order, a column written with the same type stays, a widened one takes the wider
 * type, a column not written is kept (readers see NULL) and reported as dropped, and new
 * columns are appended in written order. Applying it again to its own result changes nothing,
 * so a re-commit is idempotent.
 *
 * @param previous the catalog's columns, `undefined` when the table does not exist yet
 * @param written the columns of the Parquet written, in file order
 * @param table the table as `source.table`, for messages
 * @throws SchemaEvolutionError listing every column whose type changed in any other way
 * @throws TypeMappingError when a written DuckDB type has no Athena type
 * @example
 * ```ts
 * evolveSchema([{ name: 'id', type: 'int' }], [{ name: 'id', duckdbType: 'BIGINT' }], 'service.users');
 * // { columns: [{ name: 'id', type: 'bigint' }], changes: { added: [], dropped: [], widened: [{ name: 'id', from: 'int', to: 'bigint' }] } }
 * ```
 */
export function evolveSchema(
  previous: readonly CatalogColumn[] | undefined,
  written: readonly WrittenColumn[],
  table: string,
): SchemaEvolution {
  const writtenColumns = written.map(athenaColumn);
  if (previous === undefined) {
    return { columns: writtenColumns, changes: { added: writtenColumns, dropped: [], widened: [] } };
  }
  const writtenByName = new Map(writtenColumns.map((column) => [column.name, column]));
  const previousNames = new Set(previous.map((column) => column.name.toLowerCase()));
  const incompatible: { column: string; previousType: string; writtenType: string }[] = [];
  const widened: WidenedColumn[] = [];
  const dropped: CatalogColumn[] = [];

  const kept = previous.map((column): CatalogColumn => {
    const next = writtenByName.get(column.name.toLowerCase());
    if (next === undefined) {
      dropped.push(column);
      return column;
    }
    if (normalizeAthenaType(next.type) === normalizeAthenaType(column.type)) return column;
    if (isWidening(column.type, next.type)) {
      widened.push({ name: column.name, from: column.type, to: next.type });
      return { name: column.name, type: next.type };
    }
    incompatible.push({ column: column.name, previousType: column.type, writtenType: next.type });
    return column;
  });
  if (incompatible.length > 0) throw new SchemaEvolutionError(table, incompatible);

  const added = writtenColumns.filter((column) => !previousNames.has(column.name));
  return { columns: [...kept, ...added], changes: { added, dropped, widened } };
}
