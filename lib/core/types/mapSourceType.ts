import type { ColumnTypeMapping } from './ColumnTypeMapping';
import type { MapSourceTypeOptions } from './MapSourceTypeOptions';
import { mapMysqlType } from './mapMysqlType';
import { mapPostgresType } from './mapPostgresType';
import type { SourceColumnType } from './SourceColumnType';
import { typeError } from './typeError';

/**
 * The single source of truth for types: maps a source column type to the exact type the curated
 * Parquet is written with and Athena reads, with the DuckDB SQL that produces it from the RDS
 * snapshot export (whose Parquet types are not the real ones for several types) and from the
 * replica extract.
 *
 * Rules: never INT96 or nanosecond timestamps (timestamps are UTC microseconds, timestamptz is
 * converted to its UTC wall clock); DECIMAL keeps precision and scale up to 38 digits; unsigned
 * integers widen to the next signed type (BIGINT UNSIGNED → decimal(20,0)); TINYINT(1), BOOLEAN
 * and BIT(1) → boolean; TIME and INTERVAL → string; ENUM, SET, JSON, UUID, INET → string;
 * BLOB/BYTEA → binary; PostgreSQL arrays → array<element>. The full table is
 * {@link TYPE_MAPPING_ROWS} and docs/type-mapping.md.
 *
 * @param options what to do where no exact type exists
 * @throws TypeMappingError naming the column and type when the type has no exact curated type
 * @example
 * ```ts
 * const id = mapSourceType({ engine: 'mysql', dataType: 'bigint', columnType: 'bigint(20) unsigned' });
 * id.athenaType; // 'decimal(20,0)'
 * id.fromExportSql('"id"'); // 'CAST("id" AS DECIMAL(20,0))'
 *
 * const born = mapSourceType({ engine: 'postgres', dataType: 'date' });
 * born.rdsExport; // { physical: 'BYTE_ARRAY', logical: 'STRING', ... }: the export writes text
 * born.athenaType; // 'date'
 * ```
 */
export function mapSourceType(
  column: SourceColumnType,
  options: MapSourceTypeOptions = {},
): ColumnTypeMapping {
  if (column.dataType.trim() === '')
    throw typeError(column, 'has an empty dataType; give the catalog type name');
  switch (column.engine) {
    case 'mysql':
      return mapMysqlType(column, options);
    case 'postgres':
      return mapPostgresType(column, options);
    default:
      throw typeError(column, "has an unknown engine; allowed engines are 'mysql' and 'postgres'");
  }
}
