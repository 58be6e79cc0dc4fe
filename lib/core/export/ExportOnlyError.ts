import { DataLakeError } from '../errors';

/**
 * A run cannot ask RDS for a partial export of the tables it keeps: none is left once
 * `excludeTables` are taken out (an empty `ExportOnly` would not export "nothing"), or the list
 * is longer than StartExportTask takes. Names the source and what to change.
 */
export class ExportOnlyError extends DataLakeError {
  public readonly source: string;

  public constructor(source: string, message: string, options?: ErrorOptions) {
    super(`Source "${source}": ${message}`, options);
    this.name = 'ExportOnlyError';
    this.source = source;
  }
}
