import { DataLakeError } from '../errors';

/**
 * A source's database has no available automated snapshot to export: its automated backups are
 * off (backup retention 0) or none has finished yet. Names the source, the database and the fix.
 */
export class NoAutomatedSnapshotError extends DataLakeError {
  public readonly source: string;
  public readonly database: string;

  public constructor(source: string, database: string, options?: ErrorOptions) {
    super(
      `Source "${source}": ${database} has no available automated snapshot to export. Turn on its automated backups (a backup retention period of 1 day or more) and wait for the first one, or set the source's snapshot to "fresh-manual" to export a manual snapshot taken for each run`,
      options,
    );
    this.name = 'NoAutomatedSnapshotError';
    this.source = source;
    this.database = database;
  }
}
