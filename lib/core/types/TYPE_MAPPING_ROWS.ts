// What the export writes follows AWS's table, cited per row in rdsExportNote:
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ExportSnapshot.data-types.html
import type { ParquetType } from './ColumnTypeMapping';
import type { MapSourceTypeOptions } from './MapSourceTypeOptions';
import { mapSourceType } from './mapSourceType';
import type { SourceColumnType } from './SourceColumnType';
import type { SourceEngine } from './SourceEngine';

/** One documented source type: how the export writes it, what we write, and the SQL between. */
export interface TypeMappingRow {
  readonly engine: SourceEngine;
  /** The source type as the catalog spells it, e.g. `bigint(20) unsigned`. */
  readonly sourceType: string;
  /**
   * The mapping options the row needs.
   *
   * @default - the defaults of {@link MapSourceTypeOptions}
   */
  readonly options?: MapSourceTypeOptions;
  /** The export's Parquet type, e.g. `BYTE_ARRAY STRING`. */
  readonly rdsExport: string;
  /** What AWS documents about it, or that it is silent. */
  readonly rdsExportNote: string;
  /** The curated Parquet type, e.g. `FIXED_LEN_BYTE_ARRAY DECIMAL(20,0)`. */
  readonly curatedParquet: string;
  /** The Athena (Glue) type, e.g. `decimal(20,0)`. */
  readonly athenaType: string;
  /** The DuckDB type the transform writes, e.g. `DECIMAL(20,0)`. */
  readonly duckdbType: string;
  /** The transform's SQL for an export column named `c`. */
  readonly fromExportSql: string;
  /** The transform's SQL for a replica-landed column named `c`. */
  readonly fromReplicaSql: string;
}

type Example = Omit<SourceColumnType, 'engine'> & { readonly options?: MapSourceTypeOptions };

const STRING_DECIMALS: MapSourceTypeOptions = { oversizeDecimal: 'string' };

const MYSQL_EXAMPLES: readonly Example[] = [
  { dataType: 'tinyint', columnType: 'tinyint(4)' },
  { dataType: 'tinyint', columnType: 'tinyint(3) unsigned' },
  { dataType: 'tinyint', columnType: 'tinyint(1)' },
  { dataType: 'smallint', columnType: 'smallint(6)' },
  { dataType: 'smallint', columnType: 'smallint(5) unsigned' },
  { dataType: 'mediumint', columnType: 'mediumint(9)' },
  { dataType: 'mediumint', columnType: 'mediumint(8) unsigned' },
  { dataType: 'int', columnType: 'int(11)' },
  { dataType: 'int', columnType: 'int(10) unsigned' },
  { dataType: 'bigint', columnType: 'bigint(20)' },
  { dataType: 'bigint', columnType: 'bigint(20) unsigned' },
  { dataType: 'decimal', columnType: 'decimal(10,2)' },
  { dataType: 'decimal', columnType: 'decimal(38,10)' },
  { dataType: 'decimal', columnType: 'decimal(65,30)', options: STRING_DECIMALS },
  { dataType: 'float', columnType: 'float' },
  { dataType: 'double', columnType: 'double' },
  { dataType: 'bit', columnType: 'bit(1)' },
  { dataType: 'bit', columnType: 'bit(8)' },
  { dataType: 'char', columnType: 'char(10)' },
  { dataType: 'varchar', columnType: 'varchar(255)' },
  { dataType: 'text', columnType: 'text' },
  { dataType: 'longtext', columnType: 'longtext' },
  { dataType: 'enum', columnType: "enum('new','sold')" },
  { dataType: 'set', columnType: "set('a','b')" },
  { dataType: 'json', columnType: 'json' },
  { dataType: 'binary', columnType: 'binary(16)' },
  { dataType: 'varbinary', columnType: 'varbinary(255)' },
  { dataType: 'blob', columnType: 'blob' },
  { dataType: 'longblob', columnType: 'longblob' },
  { dataType: 'geometry', columnType: 'geometry' },
  { dataType: 'date', columnType: 'date' },
  { dataType: 'datetime', columnType: 'datetime(6)' },
  { dataType: 'timestamp', columnType: 'timestamp(6)' },
  { dataType: 'time', columnType: 'time(6)' },
  { dataType: 'year', columnType: 'year(4)' },
  { dataType: 'uuid', columnType: 'uuid' },
];

const POSTGRES_EXAMPLES: readonly Example[] = [
  { dataType: 'int2', columnType: 'smallint' },
  { dataType: 'int4', columnType: 'integer' },
  { dataType: 'int8', columnType: 'bigint' },
  { dataType: 'numeric', columnType: 'numeric(10,2)' },
  { dataType: 'numeric', columnType: 'numeric(38,10)' },
  { dataType: 'numeric', columnType: 'numeric' },
  { dataType: 'numeric', columnType: 'numeric', options: { unboundedNumeric: 'decimal(38,10)' } },
  { dataType: 'float4', columnType: 'real' },
  { dataType: 'float8', columnType: 'double precision' },
  { dataType: 'money', columnType: 'money' },
  { dataType: 'bool', columnType: 'boolean' },
  { dataType: 'text', columnType: 'text' },
  { dataType: 'varchar', columnType: 'character varying(255)' },
  { dataType: 'bpchar', columnType: 'character(10)' },
  { dataType: 'name', columnType: 'name' },
  { dataType: 'bytea', columnType: 'bytea' },
  { dataType: 'bit', columnType: 'bit(1)' },
  { dataType: 'bit', columnType: 'bit(8)' },
  { dataType: 'varbit', columnType: 'bit varying(16)' },
  { dataType: 'date', columnType: 'date' },
  { dataType: 'time', columnType: 'time without time zone' },
  { dataType: 'timetz', columnType: 'time(3) with time zone' },
  { dataType: 'timestamp', columnType: 'timestamp(6) without time zone' },
  { dataType: 'timestamptz', columnType: 'timestamp with time zone' },
  { dataType: 'interval', columnType: 'interval' },
  { dataType: 'json', columnType: 'json' },
  { dataType: 'jsonb', columnType: 'jsonb' },
  { dataType: 'uuid', columnType: 'uuid' },
  { dataType: 'inet', columnType: 'inet' },
  { dataType: 'cidr', columnType: 'cidr' },
  { dataType: 'macaddr', columnType: 'macaddr' },
  { dataType: 'xml', columnType: 'xml' },
  { dataType: 'tsvector', columnType: 'tsvector' },
  { dataType: 'point', columnType: 'point' },
  { dataType: 'int4range', columnType: 'int4range' },
  { dataType: 'mood', columnType: 'mood', userDefinedEnum: true },
  { dataType: '_int4', columnType: 'integer[]' },
  { dataType: '_int4', columnType: 'integer[][]' },
  { dataType: '_text', columnType: 'text[]' },
  { dataType: '_numeric', columnType: 'numeric(10,2)[]' },
  { dataType: '_bool', columnType: 'boolean[]' },
  { dataType: '_mood', columnType: 'mood[]', userDefinedEnum: true },
  { dataType: '_date', columnType: 'date[]' },
  { dataType: '_int8', columnType: 'bigint[]' },
  { dataType: '_varchar', columnType: 'character varying(20)[]' },
  { dataType: '_timestamp', columnType: 'timestamp without time zone[]' },
  { dataType: '_timestamptz', columnType: 'timestamp with time zone[]' },
  { dataType: '_uuid', columnType: 'uuid[]' },
  { dataType: '_jsonb', columnType: 'jsonb[]' },
  { dataType: '_bytea', columnType: 'bytea[]' },
  { dataType: '_box', columnType: 'box[]' },
];

function parquetText(type: ParquetType): string {
  if (type.physical === 'LIST' && type.element) return `LIST<${parquetText(type.element)}>`;
  return type.logical ? `${type.physical} ${type.logical}` : type.physical;
}

function row(engine: SourceEngine, example: Example): TypeMappingRow {
  const { options, ...column } = example;
  const mapping = mapSourceType({ engine, ...column }, options);
  return {
    engine,
    sourceType: column.columnType ?? column.dataType,
    ...(options ? { options } : {}),
    rdsExport: parquetText(mapping.rdsExport),
    rdsExportNote: mapping.rdsExport.note,
    curatedParquet: parquetText(mapping.parquet),
    athenaType: mapping.athenaType,
    duckdbType: mapping.duckdbType,
    fromExportSql: mapping.fromExportSql('"c"'),
    fromReplicaSql: mapping.fromReplicaSql('"c"'),
  };
}

/**
 * The documented type table: one row per source type the lake maps, computed by
 * {@link mapSourceType} so it cannot drift from the code. Printed to docs/type-mapping.md by
 * scripts/print-type-mapping.ts.
 */
export const TYPE_MAPPING_ROWS: readonly TypeMappingRow[] = [
  ...MYSQL_EXAMPLES.map((example) => row('mysql', example)),
  ...POSTGRES_EXAMPLES.map((example) => row('postgres', example)),
];
