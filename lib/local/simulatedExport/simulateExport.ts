import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type ExportInfo,
  type ExportTableStatus,
  exportInfoKey,
  exportTablesInfoKey,
  exportTarget,
  tableExportPrefix,
} from '../../core/export';
import { openDuckdb, withConnection } from '../../duckdb';
import { mysqlSourceReader } from './mysqlSourceReader';
import { postgresSourceReader } from './postgresSourceReader';
import type { SimulatedExport, SimulatedExportTable } from './SimulatedExport';
import type { SimulateExportOptions } from './SimulateExportOptions';
import type { SourceReader } from './SourceReader';
import { writeTableParts } from './writeTableParts';

const DEFAULT_ROWS_PER_PART = 100_000;

async function writeJson(outDir: string, key: string, value: unknown): Promise<void> {
  const file = join(outDir, key);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes what an RDS snapshot export of the given tables would write, from a real MariaDB/MySQL
 * or PostgreSQL server, into a directory standing for the export bucket: the same key layout
 * (`<prefix>/<export id>/<database>/<schema>.<table>/1/part-<n>-<uuid>.gz.parquet` and
 * `_SUCCESS`), part files with the export's column types (the type mapping's `rdsExport`: e.g.
 * MySQL DATE and PostgreSQL numeric/date/timestamp as UTF-8 text, BIGINT UNSIGNED as
 * DECIMAL(20,0), MySQL CHAR as plain bytes), and `export_info_<id>.json` plus
 * `export_tables_info_<id>_from_1_to_<n>.json` in AWS's shape, its `snapshotTime` (ISO 8601, where
 * RDS writes a locale date) the moment it began reading the database. `fail` makes tables fail or go
 * missing, as real exports do. Local mode and the tests run the pipeline on it.
 *
 * @example
 * ```ts
 * const manifest = await simulateExport({
 *   engine: 'mysql', connection: 'mysql://root@127.0.0.1:3307/marketplace', database: 'marketplace',
 *   tables: [{ schema: 'marketplace', table: 'users' }], exportId: 'exp-1', outDir: '/tmp/raw', rowsPerPart: 5,
 * });
 * manifest.tables[0].parts; // ['exp-1/marketplace/marketplace.users/1/part-00000-….gz.parquet', …]
 * ```
 */
export async function simulateExport(options: SimulateExportOptions): Promise<SimulatedExport> {
  const prefix = options.prefix ?? '';
  const rowsPerPart = options.rowsPerPart ?? DEFAULT_ROWS_PER_PART;
  const startTime = new Date().toISOString();
  // What a snapshot would hold: the database as the export begins to read it.
  const snapshotTime = startTime;
  const reader: SourceReader =
    options.engine === 'mysql'
      ? await mysqlSourceReader(options.connection)
      : await postgresSourceReader(options.connection);
  const duckdb = await openDuckdb({ threads: 1 });
  const tables: SimulatedExportTable[] = [];
  const statuses: ExportTableStatus[] = [];
  try {
    const listed = options.tables === 'all' ? await reader.tables() : options.tables;
    for (const { schema, table } of listed) {
      const ref = { engine: options.engine, database: options.database, schema, table };
      const target = exportTarget(ref);
      const tablePrefix = tableExportPrefix(prefix, options.exportId, ref);
      const failure = options.fail?.[table];
      if (failure) {
        if (failure.kind === 'status') {
          statuses.push({ target, status: failure.status, warningMessage: failure.warningMessage });
        }
        const status = failure.kind === 'status' ? failure.status : 'OMITTED';
        tables.push({ target, schema, table, status, prefix: tablePrefix, parts: [], rows: 0 });
        continue;
      }
      const columns = await reader.columns(schema, table);
      // A listed table the source does not have: nothing to export, and no table info entry, so the
      // plan names it MISSING (DuckDB would refuse a Parquet file of no columns: "Table must have at
      // least one column!").
      if (columns.length === 0) {
        tables.push({ target, schema, table, status: 'OMITTED', prefix: tablePrefix, parts: [], rows: 0 });
        continue;
      }
      const extractionStartTime = new Date().toISOString();
      const written = await withConnection(duckdb, (connection) =>
        writeTableParts(
          connection,
          columns,
          reader.rows(schema, table, columns),
          join(options.outDir, tablePrefix, '1'),
          rowsPerPart,
        ),
      );
      statuses.push({
        tableStatistics: {
          extractionStartTime,
          extractionEndTime: new Date().toISOString(),
          partitioningInfo: { numberOfPartitions: 1, numberOfCompletedPartitions: 1 },
        },
        schemaMetadata: { originalTypeMappings: columns.map((column) => column.mapping) },
        status: 'COMPLETE',
        target,
      });
      tables.push({
        target,
        schema,
        table,
        status: 'COMPLETE',
        prefix: tablePrefix,
        parts: written.files.map((file) => `${tablePrefix}1/${file}`),
        rows: written.rows,
      });
    }
  } finally {
    duckdb.closeSync();
    await reader.close();
  }
  const infoKey = exportInfoKey(prefix, options.exportId);
  const tablesInfoKey = exportTablesInfoKey(prefix, options.exportId, 1, Math.max(statuses.length, 1));
  const info: ExportInfo = {
    exportTaskIdentifier: options.exportId,
    exportOnly: tables.map((table) => table.target),
    s3Bucket: options.bucket ?? 'local-raw',
    s3Prefix: prefix,
    exportedFilesPath: infoKey.slice(0, infoKey.lastIndexOf('/')),
    status: 'COMPLETE',
    percentProgress: 100,
    snapshotTime,
    taskStartTime: startTime,
    taskEndTime: new Date().toISOString(),
  };
  await writeJson(options.outDir, tablesInfoKey, { perTableStatus: statuses });
  await writeJson(options.outDir, infoKey, info);
  return { exportId: options.exportId, snapshotTime, infoKey, tablesInfoKey, tables };
}
