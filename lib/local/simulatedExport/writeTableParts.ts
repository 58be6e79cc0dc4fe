import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier, quoteLiteral } from '../../core/transform';
import type { SimulatedColumn } from './SimulatedColumn';

/** The part files written for one table and the rows in them. */
export interface WrittenParts {
  /** Part file names under the batch folder, in write order. */
  readonly files: readonly string[];
  readonly rows: number;
}

const STAGE = 'simulated_export_stage';

/**
 * Streams a table's rows into DuckDB and writes them as the export's part files under
 * `directory` (the table's batch folder `…/<schema>.<table>/1/`): `part-<index>-<uuid>.gz.parquet`,
 * at most `rowsPerPart` rows each, with the export's column types (the exported columns only),
 * plus the `_SUCCESS` marker.
 * Rows are staged only up to one part at a time, so memory stays bounded.
 */
export async function writeTableParts(
  connection: DuckDBConnection,
  tableColumns: readonly SimulatedColumn[],
  batches: AsyncIterable<(string | Buffer | null)[][]>,
  directory: string,
  rowsPerPart: number,
): Promise<WrittenParts> {
  await mkdir(directory, { recursive: true });
  // The rows hold the exported columns only (see SourceReader.rows).
  const columns = tableColumns.filter((column) => column.exported);
  const staged = columns.map((column, index) => `c${index} ${column.binary ? 'BLOB' : 'VARCHAR'}`);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} (${staged.join(', ')})`);
  const select = columns
    .map((column, index) => `${column.exportSql(`c${index}`)} AS ${quoteIdentifier(column.name)}`)
    .join(', ');
  const files: string[] = [];
  let rows = 0;
  let pending = 0;

  const flush = async (): Promise<void> => {
    const file = `part-${String(files.length).padStart(5, '0')}-${randomUUID()}.gz.parquet`;
    await connection.run(
      `COPY (SELECT ${select} FROM ${STAGE}) TO ${quoteLiteral(join(directory, file))} (FORMAT parquet, COMPRESSION gzip)`,
    );
    await connection.run(`DELETE FROM ${STAGE}`);
    files.push(file);
    rows += pending;
    pending = 0;
  };

  let appender = await connection.createAppender(STAGE);
  for await (const batch of batches) {
    for (const row of batch) {
      row.forEach((value) => {
        if (value === null) appender.appendNull();
        else if (typeof value === 'string') appender.appendVarchar(value);
        else appender.appendBlob(new Uint8Array(value));
      });
      appender.endRow();
      pending += 1;
      if (pending >= rowsPerPart) {
        appender.closeSync();
        await flush();
        appender = await connection.createAppender(STAGE);
      }
    }
  }
  appender.closeSync();
  if (pending > 0) await flush();
  await writeFile(join(directory, '_SUCCESS'), '');
  return { files, rows };
}
