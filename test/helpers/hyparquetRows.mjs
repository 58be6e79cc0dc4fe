// Reads Parquet files with hyparquet (a second reader, independent of DuckDB) and prints their rows
// as one JSON document on stdout: { "rows": [{ column: value }] }, the files' rows in the order given.
// Run with `node test/helpers/hyparquetRows.mjs <file.parquet>…`: hyparquet is ESM only and jest
// transforms only TypeScript, so test/helpers/readParquetWithHyparquet.ts runs this in a child.
//
// Values JSON cannot carry exactly are tagged:
//   { "$bigint": "-9223372036854775808" }   an INT64
//   { "$number": "NaN" | "Infinity" | "-Infinity" | "-0" }
//   { "$bytes": "00ff" }                    BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY without a STRING type, lowercase hex
//   { "$decimal": "-12345", "scale": 2 }    a DECIMAL's unscaled integer: hyparquet turns DECIMAL into a
//                                           JS number (inexact past 2^53), so the annotation is removed and
//                                           the raw INT32/INT64/FIXED_LEN_BYTE_ARRAY is decoded here
//   { "$days": 738000 }                     a DATE: days since 1970-01-01
//   { "$micros": "1700000000000000" }       a TIMESTAMP_MICROS: microseconds since 1970-01-01 00:00:00
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const parsers = {
  timestampFromMicroseconds: (micros) => ({ $micros: String(micros) }),
  timestampFromMilliseconds: (millis) => ({ $micros: String(BigInt(millis) * 1000n) }),
  dateFromDays: (days) => ({ $days: days }),
};

/** A big-endian two's complement integer. */
function signedBigEndian(bytes) {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const bits = BigInt(bytes.length * 8);
  return bytes.length > 0 && bytes[0] & 0x80 ? value - (1n << bits) : value;
}

function hex(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Removes the DECIMAL annotation from the schema, returning each such element with its scale. */
function stripDecimals(metadata) {
  const decimals = new Map();
  for (const element of metadata.schema) {
    if (element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL') {
      decimals.set(element, element.scale ?? element.logical_type?.scale ?? 0);
      element.converted_type = undefined;
      element.logical_type = undefined;
    }
  }
  return decimals;
}

/** The tagged form of a raw DECIMAL value. */
function decimal(value, scale) {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((element) => decimal(element, scale));
  const unscaled = value instanceof Uint8Array ? signedBigEndian(value) : BigInt(value);
  return { $decimal: String(unscaled), scale };
}

function tag(_key, value) {
  if (typeof value === 'bigint') return { $bigint: String(value) };
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { $number: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (value instanceof Uint8Array) return { $bytes: hex(value) };
  return value;
}

const rows = [];
for (const path of process.argv.slice(2)) {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const decimals = stripDecimals(metadata);
  const fileRows = await parquetReadObjects({ file, metadata, compressors, parsers, utf8: false });
  // A top-level DECIMAL column is named by its element; one inside a LIST by the list's column.
  const topLevel = metadata.schema.slice(1);
  const decimalColumns = new Map();
  let index = 0;
  while (index < topLevel.length) {
    const column = topLevel[index];
    let end = index + 1;
    let children = column.num_children ?? 0;
    while (children > 0 && end < topLevel.length) {
      children += (topLevel[end].num_children ?? 0) - 1;
      end += 1;
    }
    for (const element of topLevel.slice(index, end)) {
      if (decimals.has(element)) decimalColumns.set(column.name, decimals.get(element));
    }
    index = end;
  }
  for (const row of fileRows) {
    for (const [name, scale] of decimalColumns) row[name] = decimal(row[name], scale);
    rows.push(row);
  }
}
process.stdout.write(JSON.stringify({ rows }, tag));
