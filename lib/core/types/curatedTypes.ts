import type { CuratedType } from './ColumnTypeMapping';

/** Bit widths of the signed integer types Athena has. */
export type IntegerBits = 8 | 16 | 32 | 64;

const INTEGER_NAMES: Record<IntegerBits, { athena: string; duckdb: string }> = {
  8: { athena: 'tinyint', duckdb: 'TINYINT' },
  16: { athena: 'smallint', duckdb: 'SMALLINT' },
  32: { athena: 'int', duckdb: 'INTEGER' },
  64: { athena: 'bigint', duckdb: 'BIGINT' },
};

/**
 * The curated types, with the Parquet DuckDB writes for each (checked by the engine test):
 * INT32/INT64 with an INT annotation, DECIMAL in INT32 up to 9 digits, INT64 up to 18 and
 * FIXED_LEN_BYTE_ARRAY(16) beyond, TIMESTAMP as INT64 TIMESTAMP_MICROS (never INT96 or nanos).
 */
export const curatedTypes = {
  /** Athena `boolean`, Parquet BOOLEAN. */
  boolean(): CuratedType {
    return { athenaType: 'boolean', duckdbType: 'BOOLEAN', parquet: { physical: 'BOOLEAN', logical: null } };
  },

  /** Athena tinyint/smallint/int/bigint by width, Parquet INT32/INT64 with INT(bits,true). */
  integer(bits: IntegerBits): CuratedType {
    const names = INTEGER_NAMES[bits];
    return {
      athenaType: names.athena,
      duckdbType: names.duckdb,
      parquet: { physical: bits === 64 ? 'INT64' : 'INT32', logical: `INT(${bits},true)` },
    };
  },

  /** Athena `float` (single precision), Parquet FLOAT. */
  float(): CuratedType {
    return { athenaType: 'float', duckdbType: 'FLOAT', parquet: { physical: 'FLOAT', logical: null } };
  },

  /** Athena `double`, Parquet DOUBLE. */
  double(): CuratedType {
    return { athenaType: 'double', duckdbType: 'DOUBLE', parquet: { physical: 'DOUBLE', logical: null } };
  },

  /** Athena `decimal(p,s)`; `precision` 1..38 and `scale` 0..precision, validated by callers. */
  decimal(precision: number, scale: number): CuratedType {
    const physical = precision <= 9 ? 'INT32' : precision <= 18 ? 'INT64' : 'FIXED_LEN_BYTE_ARRAY';
    return {
      athenaType: `decimal(${precision},${scale})`,
      duckdbType: `DECIMAL(${precision},${scale})`,
      parquet: { physical, logical: `DECIMAL(${precision},${scale})` },
    };
  },

  /** Athena `string`, Parquet BYTE_ARRAY STRING (UTF-8). */
  string(): CuratedType {
    return {
      athenaType: 'string',
      duckdbType: 'VARCHAR',
      parquet: { physical: 'BYTE_ARRAY', logical: 'STRING' },
    };
  },

  /** Athena `binary`, Parquet BYTE_ARRAY without annotation. */
  binary(): CuratedType {
    return { athenaType: 'binary', duckdbType: 'BLOB', parquet: { physical: 'BYTE_ARRAY', logical: null } };
  },

  /** Athena `date`, Parquet INT32 DATE (days since 1970-01-01, 0001-01-01..9999-12-31 fit). */
  date(): CuratedType {
    return { athenaType: 'date', duckdbType: 'DATE', parquet: { physical: 'INT32', logical: 'DATE' } };
  },

  /** Wall-clock microseconds in UTC (Parquet isAdjustedToUTC=false, which Athena reads as is). */
  timestamp(): CuratedType {
    return {
      athenaType: 'timestamp',
      duckdbType: 'TIMESTAMP',
      parquet: { physical: 'INT64', logical: 'TIMESTAMP_MICROS' },
    };
  },

  /** Athena `array<element>`, a Parquet LIST of the element. */
  list(element: CuratedType): CuratedType {
    return {
      athenaType: `array<${element.athenaType}>`,
      duckdbType: `${element.duckdbType}[]`,
      parquet: { physical: 'LIST', logical: 'LIST', element: element.parquet },
    };
  },
};
