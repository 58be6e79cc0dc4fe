import type { PlannedColumn } from '../pipeline';
import { quoteIdentifier, quoteLiteral, readerHashesColumn } from '../transform';
import type { SourceEngine } from '../types';
import { mysqlSelectSql } from './mysqlSelectSql';
import { quoteSourceIdentifier } from './quoteSourceIdentifier';
import { sourceValueKind } from './sourceValueKind';

/** MySQL integer types up to 32 bits: landed as BIGINT so `IN (0, 1)` of TINYINT(1) compares numbers. */
const SMALL_MYSQL_INTEGERS = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bool',
  'boolean',
  'year',
]);

/** How one planned column is read on the replica and landed in DuckDB for `fromReplicaSql`. */
export interface LandedColumn {
  /** The source column (the plan's `source` name). */
  readonly source: string;
  /** Its expression in the chunk SELECT on the source engine. */
  readonly selectSql: string;
  /**
   * The DuckDB expression over the landed CSV column (`csvColumn`, read as VARCHAR) that gives the
   * value in the shape `fromReplicaSql` expects: bytes as BLOB, small MySQL integers as BIGINT,
   * everything else the server's text.
   */
  readonly landingSql: string;
  /** The positional CSV column name, `c0`, `c1`, …: source names never reach the CSV reader. */
  readonly csvColumn: string;
  /**
   * `hex`: the SELECT returns raw bytes, which the reader writes to the CSV as hex (MySQL bytes:
   * the server's `HEX()` of a value over half of `max_allowed_packet` is NULL, with only a warning).
   * `hmac`: the reader writes the `hash` mask's output, the lower-case hex HMAC-SHA-256 of the
   * server's text, instead of the text (see `readerHashesColumn`): the raw value never reaches
   * DuckDB, and the HMAC costs a fraction of DuckDB's.
   *
   * @default - the reader writes the server's text as it is
   */
  readonly readerEncoding?: 'hex' | 'hmac';
}

/**
 * How the replica extract reads and lands the plan's columns (dropped columns are never read).
 * Every value crosses as text in CSV, the driver's fastest path: PostgreSQL's `COPY … TO STDOUT
 * (FORMAT csv)` prints each type in its canonical text (the session sets UTC, ISO dates and
 * intervals, hex bytea), and MySQL values are the server's text (bytes raw, which the reader
 * writes as hex, with `CAST(… AS BINARY)` for BIT so the bytes keep their width; FLOAT widened to DOUBLE, see
 * `mysqlSelectSql`). DuckDB then reads the CSV with
 * every column as VARCHAR and this landing turns it into what the type mapping expects.
 *
 * @example
 * ```ts
 * replicaLanding('mysql', plan.columns)[0];
 * // { source: 'avatar', selectSql: '`avatar`', landingSql: 'from_hex("c0")', csvColumn: 'c0', readerEncoding: 'hex' }
 * ```
 */
export function replicaLanding(engine: SourceEngine, columns: readonly PlannedColumn[]): LandedColumn[] {
  return columns.map((column, index) => {
    const csvColumn = `c${index}`;
    const landed = quoteIdentifier(csvColumn);
    const quoted = quoteSourceIdentifier(engine, column.source);
    const type = { ...column.sourceType, column: column.source };
    const kind = sourceValueKind(type);
    const dataType = type.dataType.trim().toLowerCase();
    if (kind === 'bytes' && engine === 'mysql') {
      return {
        source: column.source,
        selectSql: dataType === 'bit' ? `CAST(${quoted} AS BINARY)` : quoted,
        landingSql: `from_hex(${landed})`,
        csvColumn,
        readerEncoding: 'hex',
      };
    }
    if (kind === 'bytes') {
      // bytea_output = hex: `\x0102…`; anything else fails the cast loudly, quoting the value only
      // when the column has no mask (the shape redactDuckdbError reads).
      const expected = `expected hex bytea \\x… in ${quoteIdentifier(column.source)}, got: `;
      const got =
        column.mask === undefined
          ? `concat(${quoteLiteral(expected)}, left(${landed}, 40))`
          : quoteLiteral(`${expected}(withheld: masked column)`);
      const landingSql = `CASE WHEN ${landed} IS NULL THEN NULL WHEN starts_with(${landed}, ${quoteLiteral('\\x')}) THEN from_hex(substr(${landed}, 3)) ELSE error(${got}) END`;
      return { source: column.source, selectSql: quoted, landingSql, csvColumn };
    }
    const hashed = readerHashesColumn(column) ? ({ readerEncoding: 'hmac' } as const) : {};
    if (engine === 'postgres')
      return { source: column.source, selectSql: quoted, landingSql: landed, csvColumn, ...hashed };
    const landingSql = SMALL_MYSQL_INTEGERS.has(dataType) ? `CAST(${landed} AS BIGINT)` : landed;
    return {
      source: column.source,
      selectSql: mysqlSelectSql(quoted, dataType),
      landingSql,
      csvColumn,
      ...hashed,
    };
  });
}
