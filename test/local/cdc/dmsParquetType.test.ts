import type { SourceColumnType } from '../../../lib/core/types';
import { dmsParquetType } from '../../../lib/local/cdc';

const mysql = (dataType: string, columnType = dataType): SourceColumnType => ({
  engine: 'mysql',
  dataType,
  columnType,
});
const postgres = (dataType: string, columnType = dataType): SourceColumnType => ({
  engine: 'postgres',
  dataType,
  columnType,
});

// "Source data types for MySQL" / "for PostgreSQL" (source type → DMS type) and "Target data types
// for S3 Parquet" (DMS type → Parquet type), AWS DMS User Guide.
describe('dmsParquetType', () => {
  it.each([
    [mysql('int', 'int(11)'), 'INTEGER'], // INT4 → INT32
    [mysql('int', 'int(10) unsigned'), 'UINTEGER'], // UINT4 → UINT32
    [mysql('bigint', 'bigint(20) unsigned'), 'UBIGINT'], // UINT8 → UINT64
    [mysql('tinyint', 'tinyint(1)'), 'TINYINT'], // INT1 → INT8
    [mysql('mediumint', 'mediumint(9)'), 'INTEGER'], // INT4
    [mysql('decimal', 'decimal(12,4)'), 'DECIMAL(12,4)'], // NUMERIC → DECIMAL
    [mysql('decimal', 'decimal(65,2)'), 'VARCHAR'], // wider than DuckDB's 38 digits: exact text
    [mysql('float'), 'DOUBLE'], // REAL(DOUBLE)
    [mysql('bit', 'bit(1)'), 'BOOLEAN'], // BIT → BOOLEAN → BOOL
    [mysql('bit', 'bit(64)'), 'BLOB'], // BYTES(8) → BINARY
    [mysql('varbinary', 'varbinary(16)'), 'BLOB'],
    [mysql('datetime', 'datetime(6)'), 'TIMESTAMP'], // DATETIME → TIMESTAMP
    [mysql('timestamp', 'timestamp(6)'), 'TIMESTAMP'],
    [mysql('time', 'time(6)'), 'VARCHAR'], // TIME → STRING
    [mysql('year', 'year(4)'), 'SMALLINT'], // INT2
    [mysql('json'), 'VARCHAR'], // CLOB → STRING
    [postgres('int8', 'bigint'), 'BIGINT'],
    [postgres('numeric', 'numeric(10,2)'), 'DECIMAL(10,2)'],
    [postgres('numeric', 'numeric(40,2)'), 'VARCHAR'], // precision 39 or more → STRING
    [postgres('numeric', 'numeric'), 'VARCHAR'],
    [postgres('bool', 'boolean'), 'VARCHAR'], // CHAR(5) true/false
    [postgres('bytea'), 'BLOB'],
    [postgres('timestamptz', 'timestamp with time zone'), 'TIMESTAMP'],
    [postgres('time', 'time without time zone'), 'TIME'], // TIME → TIME32
    [postgres('date'), 'DATE'], // DATE → DATE32
    [postgres('float4', 'real'), 'FLOAT'], // REAL4 → FLOAT
    [postgres('uuid'), 'VARCHAR'],
    [postgres('_int4', 'integer[]'), 'VARCHAR'], // ARRAY → NCLOB
  ])('%o → %s', (type, expected) => {
    expect(dmsParquetType(type)).toBe(expected);
  });
});
