import type { ColumnTypeMapping, CuratedType, RdsExportType } from './ColumnTypeMapping';
import { curatedTypes, type IntegerBits } from './curatedTypes';
import { duckdbSql } from './duckdbSql';

const { cast, checked, matches } = duckdbSql;

/** Text shapes the transform accepts, as RE2 patterns (full match). */
const PATTERNS = {
  date: String.raw`\d{4}-\d{2}-\d{2}`,
  timestamp: String.raw`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?`,
  timestampWithOffset: String.raw`\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)`,
  isoInterval: String.raw`P(-?\d+Y)?(-?\d+M)?(-?\d+D)?(T(-?\d+H)?(-?\d+M)?(-?\d+(\.\d{1,6})?S)?)?`,
};

function mapping(
  target: CuratedType,
  rdsExport: RdsExportType,
  fromExportSql: (expr: string) => string,
  fromReplicaSql: (expr: string) => string = fromExportSql,
): ColumnTypeMapping {
  return { ...target, rdsExport, fromExportSql, fromReplicaSql };
}

/** A validated `YYYY-MM-DD` text cast to DATE; the pattern keeps out `infinity`, BC and zero dates. */
function dateFromText(expr: string): string {
  return checked(expr, matches(expr, PATTERNS.date), cast(expr, 'DATE'), 'a date YYYY-MM-DD');
}

/** A validated `YYYY-MM-DD HH:MM:SS[.ffffff]` text cast to TIMESTAMP (micros). */
function timestampFromText(expr: string): string {
  return checked(
    expr,
    matches(expr, PATTERNS.timestamp),
    cast(expr, 'TIMESTAMP'),
    'a timestamp YYYY-MM-DD HH:MM:SS[.ffffff]',
  );
}

/**
 * A validated `YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]` text cast to TIMESTAMPTZ, then to its UTC
 * wall clock by `utcWallClock` (given the TIMESTAMPTZ expression).
 */
function timestampFromOffsetText(utcWallClock: (instant: string) => string): (expr: string) => string {
  return (expr) =>
    checked(
      expr,
      matches(expr, PATTERNS.timestampWithOffset),
      utcWallClock(cast(expr, 'TIMESTAMPTZ')),
      'a timestamp with offset YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]',
    );
}

/** An interval's fields as PostgreSQL's ISO 8601 output splits them: SQL expressions, each signed. */
interface IntervalFields {
  readonly years: string;
  readonly months: string;
  readonly days: string;
  readonly hours: string;
  readonly minutes: string;
  readonly microseconds: string;
}

/** The trailing `[+-]HH:MM:SS[.ffffff]` of PostgreSQL's `postgres`-style interval text. */
const POSTGRES_INTERVAL_TIME = String.raw`([+-]?)(\d+):(\d\d):(\d\d(\.\d{1,6})?)\s*$`;

/**
 * The fields of PostgreSQL's default (`postgres` style) interval text, e.g.
 * `1 year 2 mons 3 days -04:05:06.5`: years, months and days through DuckDB's INTERVAL cast of the
 * text before the time (a `+` dropped, as DuckDB does not take it), the time's fields as integers,
 * each with the time's sign. The time is not cast: its hours reach 2,562,047,788, beyond what
 * DuckDB's interval parser takes (it refuses `1000000000:00:00`).
 */
function postgresIntervalFields(text: string): IntervalFields {
  const datePart = `CAST(coalesce(nullif(trim(replace(regexp_replace(${text}, '${POSTGRES_INTERVAL_TIME}', ''), ' +', ' ')), ''), '0 days') AS INTERVAL)`;
  const time = (group: number) => `regexp_extract(${text}, '${POSTGRES_INTERVAL_TIME}', ${group})`;
  const sign = `CASE WHEN ${time(1)} = '-' THEN -1 ELSE 1 END`;
  // No time: the groups are empty, read as 0 (the pattern admits digits only, so the CASTs hold).
  const digits = (group: number) => `coalesce(nullif(${time(group)}, ''), '0')`;
  const field = (group: number) => `(${sign} * CAST(${digits(group)} AS BIGINT))`;
  return {
    years: `datepart('year', ${datePart})`,
    months: `datepart('month', ${datePart})`,
    days: `datepart('day', ${datePart})`,
    hours: field(2),
    minutes: field(3),
    microseconds: `(${sign} * CAST(CAST(${digits(4)} AS DECIMAL(8,6)) * 1000000 AS BIGINT))`,
  };
}

/**
 * An interval rendered exactly as PostgreSQL's `intervalstyle = iso_8601` does, so both paths
 * land the same text: zero fields omitted, signed fields, `PT0S` for zero.
 */
function isoIntervalText(fields: IntervalFields): string {
  const { years: y, months: mo, days: d, hours: h, minutes: mi, microseconds: us } = fields;
  const fraction = `abs(${us}) % 1000000`;
  const seconds = `concat(CASE WHEN ${us} < 0 THEN '-' END, abs(${us}) // 1000000, CASE WHEN ${fraction} <> 0 THEN concat('.', rtrim(lpad(CAST(${fraction} AS VARCHAR), 6, '0'), '0')) END, 'S')`;
  const allZero = [y, mo, d, h, mi, us].map((part) => `${part} = 0`).join(' AND ');
  return `CASE WHEN ${allZero} THEN 'PT0S' ELSE concat('P', CASE WHEN ${y} <> 0 THEN concat(${y}, 'Y') END, CASE WHEN ${mo} <> 0 THEN concat(${mo}, 'M') END, CASE WHEN ${d} <> 0 THEN concat(${d}, 'D') END, CASE WHEN ${h} <> 0 OR ${mi} <> 0 OR ${us} <> 0 THEN 'T' END, CASE WHEN ${h} <> 0 THEN concat(${h}, 'H') END, CASE WHEN ${mi} <> 0 THEN concat(${mi}, 'M') END, CASE WHEN ${us} <> 0 THEN ${seconds} END) END`;
}

/**
 * Builders of {@link ColumnTypeMapping} for scalar curated types. Each takes the export's
 * representation (from the AWS table) and returns the SQL for both landing paths.
 */
export const scalarMappings = {
  /** A plain `CAST` on both paths: for values already of the right kind (numbers, text, bytes). */
  cast(target: CuratedType, rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(target, rdsExport, (expr) => cast(expr, target.duckdbType));
  },

  /** A signed integer; CAST fails on a value out of range. */
  integer(bits: IntegerBits, rdsExport: RdsExportType): ColumnTypeMapping {
    return scalarMappings.cast(curatedTypes.integer(bits), rdsExport);
  },

  /** DECIMAL(p,s) from the export's DECIMAL or decimal text; `NaN`, `Infinity` and junk fail. */
  decimal(precision: number, scale: number, rdsExport: RdsExportType): ColumnTypeMapping {
    return scalarMappings.cast(curatedTypes.decimal(precision, scale), rdsExport);
  },

  /** Text kept as is (UTF-8 intact). */
  string(rdsExport: RdsExportType): ColumnTypeMapping {
    return scalarMappings.cast(curatedTypes.string(), rdsExport);
  },

  /**
   * Text the export writes as un-annotated BYTE_ARRAY (DuckDB reads BLOB): `decode` turns the
   * UTF-8 bytes into VARCHAR and fails on invalid UTF-8, where a CAST would escape them (`\xEA`).
   */
  stringFromUtf8Bytes(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(
      curatedTypes.string(),
      rdsExport,
      (expr) => `decode(${expr})`,
      (expr) => cast(expr, 'VARCHAR'),
    );
  },

  /** Bytes kept as is. */
  binary(rdsExport: RdsExportType): ColumnTypeMapping {
    return scalarMappings.cast(curatedTypes.binary(), rdsExport);
  },

  /** BOOLEAN from an integer that must be 0 or 1: a TINYINT(1) holding 2 fails instead of becoming true. */
  booleanFromZeroOrOne(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(curatedTypes.boolean(), rdsExport, (expr) =>
      checked(expr, `${expr} IN (0, 1)`, `${expr} = 1`, '0 or 1'),
    );
  },

  /** BOOLEAN from a one-byte BIT(1) value, 0x00 or 0x01. */
  booleanFromBitByte(rdsExport: RdsExportType): ColumnTypeMapping {
    const zero = String.raw`'\x00'::BLOB`;
    const one = String.raw`'\x01'::BLOB`;
    return mapping(curatedTypes.boolean(), rdsExport, (expr) =>
      checked(expr, `${expr} IN (${zero}, ${one})`, `${expr} = ${one}`, 'a BIT(1) byte 0x00 or 0x01'),
    );
  },

  /** BOOLEAN from PostgreSQL bit(1) text, `'0'` or `'1'`. */
  booleanFromBitText(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(curatedTypes.boolean(), rdsExport, (expr) =>
      checked(expr, `${expr} IN ('0', '1')`, `${expr} = '1'`, "a bit(1) text '0' or '1'"),
    );
  },

  /** DATE from `YYYY-MM-DD` text on both paths (0001-01-01..9999-12-31). */
  dateFromText(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(curatedTypes.date(), rdsExport, dateFromText);
  },

  /**
   * TIMESTAMP from the export's INT64 TIMESTAMP_MICROS. `make_timestamp(epoch_us(x))` gives the
   * UTC wall clock whether DuckDB reads the column as TIMESTAMP or, when the file says
   * isAdjustedToUTC, as TIMESTAMP WITH TIME ZONE, and whatever the session's TimeZone is.
   */
  timestampFromMicros(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(
      curatedTypes.timestamp(),
      rdsExport,
      (expr) => `make_timestamp(epoch_us(${expr}))`,
      timestampFromText,
    );
  },

  /** TIMESTAMP from `YYYY-MM-DD HH:MM:SS[.ffffff]` text on both paths. */
  timestampFromText(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(curatedTypes.timestamp(), rdsExport, timestampFromText);
  },

  /**
   * TIMESTAMP in UTC from text with an offset (`+00`, `+05:30`, `Z`), e.g. PostgreSQL timestamptz.
   * The replica path takes the instant's epoch microseconds as the TIMESTAMP (`make_timestamp`),
   * the same UTC wall clock without ICU's time zone conversion (about 5% of the extract bench's
   * DuckDB instructions, one timestamptz column of eight).
   */
  timestampFromOffsetText(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(
      curatedTypes.timestamp(),
      rdsExport,
      timestampFromOffsetText((instant) => `timezone('UTC', ${instant})`),
      timestampFromOffsetText((instant) => `make_timestamp(epoch_us(${instant}))`),
    );
  },

  /** Text kept as is after checking its shape (TIME values, which Athena cannot type in Parquet). */
  checkedText(pattern: string, expected: string, rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(curatedTypes.string(), rdsExport, (expr) =>
      checked(expr, matches(expr, pattern), expr, expected),
    );
  },

  /**
   * ISO 8601 interval text. The export writes PostgreSQL's default (`postgres` style) text,
   * split into its fields (see `postgresIntervalFields`) and re-rendered; the replica lands
   * ISO 8601 already (`SET intervalstyle = 'iso_8601'`), checked.
   */
  isoInterval(rdsExport: RdsExportType): ColumnTypeMapping {
    return mapping(
      curatedTypes.string(),
      rdsExport,
      (expr) =>
        `CASE WHEN ${expr} IS NULL THEN NULL ELSE ${isoIntervalText(postgresIntervalFields(expr))} END`,
      (expr) => checked(expr, matches(expr, PATTERNS.isoInterval), expr, 'an ISO 8601 interval'),
    );
  },
};
