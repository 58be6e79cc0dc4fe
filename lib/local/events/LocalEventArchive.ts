import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { _Record } from '@aws-sdk/client-kinesis';
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Catalog } from '../../adapters/catalog';
import type { CatalogTable } from '../../core/commit';
import {
  ARCHIVE_PARTITION_KEYS,
  type ArchiveTransformFailure,
  type ArchiveTransformInput,
  archiveColumns,
  archiveTableName,
} from '../../core/events';
import { archivePrefix } from '../../core/naming';
import { quoteIdentifier, quoteLiteral } from '../../core/transform';
import { athenaTypeToDuckdb } from '../../core/types';
import { copyToParquet, listCopyOutput, withConnection } from '../../duckdb';
import { localArchiveTransformTask } from './localArchiveTransformTask';

/** The local events bucket: what `s3://events/` is in the local lake's buckets directory. */
export const LOCAL_EVENTS_BUCKET = 'events';

/** What a {@link LocalEventArchive} writes and registers. */
export interface LocalEventArchiveProps {
  /** The stream: its name and the payload fields with their own columns. */
  readonly stream: { readonly name: string; readonly payloadFields?: Readonly<Record<string, string>> };
  readonly duckdb: DuckDBInstance;
  /** The local catalog the archive table is registered in. */
  readonly catalog: Catalog;
  /** The events Glue database's name (`eventsDatabaseName(lake)`). */
  readonly databaseName: string;
  /** The local buckets directory (`localLakePaths(dir).buckets`). */
  readonly bucketsRoot: string;
  /** Scratch space for the rows of one flush. */
  readonly tempDirectory: string;
}

/** What one {@link LocalEventArchive.flush} wrote. */
export interface ArchiveFlushResult {
  readonly archived: number;
  readonly failed: number;
}

/**
 * Local mode's stand-in for the Firehose archive: buffers Kinesis records, turns them into
 * archive rows with the Firehose transformation Lambda's own task (`localArchiveTransformTask`), writes
 * them as Parquet under `<events bucket>/<stream>/dt=<UTC date>/hour=<UTC hour>/` and registers
 * the archive table and its partitions in the local catalog, so `datalake query --local` reads
 * them as Athena reads the real archive. Records the transform refuses are written, with their
 * reason and original data, as JSON lines under `errors/<stream>/processing-failed/`, as Firehose
 * writes them under its error prefix (which keeps no reason; the Lambda logs it).
 *
 * Unlike Firehose, which names a file's partition after its oldest record, each row goes to its
 * own arrival hour here.
 *
 * @example
 * ```ts
 * const archive = new LocalEventArchive({ stream, duckdb, catalog, databaseName, bucketsRoot, tempDirectory });
 * await drainKinesisStream({ client, streamName: stream.name, batchSize: 500, onBatch: async (r) => archive.add(r) });
 * await archive.flush();
 * ```
 */
export class LocalEventArchive {
  private readonly props: LocalEventArchiveProps;
  private readonly tableName: string;
  private buffered: ArchiveTransformInput[] = [];

  public constructor(props: LocalEventArchiveProps) {
    this.props = props;
    this.tableName = archiveTableName(props.stream.name);
  }

  /** Buffers records until {@link flush}. */
  public add(records: readonly _Record[]): void {
    for (const record of records) {
      const arrival = record.ApproximateArrivalTimestamp?.getTime() ?? Date.now();
      this.buffered.push({
        recordId: record.SequenceNumber ?? randomUUID(),
        data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
        approximateArrivalTimestamp: arrival,
        kinesisRecordMetadata: {
          partitionKey: record.PartitionKey ?? '',
          approximateArrivalTimestamp: arrival,
        },
      });
    }
  }

  /** Writes the buffered records (rows and failures) and registers new partitions. */
  public async flush(): Promise<ArchiveFlushResult> {
    const input = this.buffered;
    this.buffered = [];
    if (input.length === 0) return { archived: 0, failed: 0 };
    const failures: ArchiveTransformFailure[] = [];
    const transform = localArchiveTransformTask(this.props.stream, {
      onRefused: (failure) => failures.push(failure),
    });
    const { records } = await transform({ records: input });
    const rows = records.filter((record) => record.result === 'Ok');
    const flushId = randomUUID();
    await this.writeFailures(flushId, input, failures);
    if (rows.length > 0)
      await this.writeRows(
        flushId,
        rows.map((row) => Buffer.from(row.data ?? '', 'base64').toString('utf8')),
      );
    return { archived: rows.length, failed: failures.length };
  }

  private async writeRows(flushId: string, lines: readonly string[]): Promise<void> {
    const { bucketsRoot, tempDirectory, duckdb } = this.props;
    const work = join(tempDirectory, `archive-${flushId}`);
    await mkdir(work, { recursive: true });
    try {
      const file = join(work, 'rows.jsonl');
      await writeFile(file, lines.join(''));
      const output = join(work, 'out');
      const keys = ARCHIVE_PARTITION_KEYS.map((key) => key.name);
      await withConnection(duckdb, (connection) =>
        copyToParquet(connection, { select: this.rowsSelect(file), directory: output, partitionBy: keys }),
      );
      const written = await listCopyOutput(output, keys);
      const partitions = new Map<string, string[]>();
      for (const part of written) {
        const values = keys.map((key) => part.partitionValues[key] ?? '');
        const prefix = `${archivePrefix(this.props.stream.name)}${keys.map((key, i) => `${key}=${values[i]}`).join('/')}/`;
        const target = join(bucketsRoot, LOCAL_EVENTS_BUCKET, prefix, `${flushId}-${part.fileIndex}.parquet`);
        await mkdir(dirname(target), { recursive: true });
        await rename(part.path, target);
        partitions.set(prefix, values);
      }
      await this.register(partitions);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /** The archive rows of `file` with their Athena types, and the arrival date and hour. */
  private rowsSelect(file: string): string {
    const columns = archiveColumns(this.props.stream);
    const types = columns.map(
      (column) => `${quoteLiteral(column.name)}: ${quoteLiteral(athenaTypeToDuckdb(column.type))}`,
    );
    const names = columns.map((column) => quoteIdentifier(column.name));
    return `SELECT ${names.join(', ')}, strftime(arrival_time, '%Y-%m-%d') AS dt, strftime(arrival_time, '%H') AS hour FROM read_json(${quoteLiteral(file)}, format = 'newline_delimited', columns = {${types.join(', ')}})`;
  }

  private async register(partitions: ReadonlyMap<string, string[]>): Promise<void> {
    const { catalog, databaseName, stream } = this.props;
    const location = (prefix: string) => `s3://${LOCAL_EVENTS_BUCKET}/${prefix}`;
    const table: CatalogTable = {
      name: this.tableName,
      columns: archiveColumns(stream).map(({ name, type, comment }) => ({ name, type, comment })),
      partitionKeys: ARCHIVE_PARTITION_KEYS.map((key) => key.name),
      location: location(archivePrefix(stream.name)),
      parameters: { classification: 'parquet', source: `kinesis stream ${stream.name}` },
    };
    if ((await catalog.getTable(databaseName, table.name)) === undefined)
      await catalog.createTable(databaseName, table);
    const known = new Set(
      (await catalog.getPartitions(databaseName, table.name)).map((p) => p.values.join('/')),
    );
    const added = [...partitions.values()]
      .filter((values) => !known.has(values.join('/')))
      .map((values) => ({
        values,
        location: location(
          `${archivePrefix(stream.name)}${table.partitionKeys.map((key, i) => `${key}=${values[i]}`).join('/')}/`,
        ),
      }));
    // Both refresh the local table's view, which lists the files it reads.
    if (added.length > 0) await catalog.createPartitions(databaseName, table, added);
    else await catalog.updateTable(databaseName, table);
  }

  private async writeFailures(
    flushId: string,
    input: readonly ArchiveTransformInput[],
    failures: readonly { recordId: string; reason: string }[],
  ): Promise<void> {
    if (failures.length === 0) return;
    const byId = new Map(input.map((record) => [record.recordId, record]));
    const lines = failures.map((failure) => {
      const record = byId.get(failure.recordId);
      return `${JSON.stringify({
        errorCode: 'Lambda.ProcessingFailed',
        errorMessage: failure.reason,
        sequenceNumber: failure.recordId,
        partitionKey: record?.kinesisRecordMetadata?.partitionKey,
        approximateArrivalTimestamp: record?.approximateArrivalTimestamp,
        rawData: record?.data,
      })}\n`;
    });
    const day = new Date().toISOString().slice(0, 10);
    const file = join(
      this.props.bucketsRoot,
      LOCAL_EVENTS_BUCKET,
      'errors',
      this.props.stream.name,
      'processing-failed',
      `dt=${day}`,
      `${flushId}.jsonl`,
    );
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, lines.join(''));
  }
}
