import { DataLakeError } from '../errors';

/**
 * Checks that a table's export folder, which its commit deletes, lies under the source's export
 * prefix (and is a folder: it ends in `/` and has no `.`/`..` segment), so a commit never removes
 * another source's raw data, whatever its event says. IAM confines the function the same way in
 * AWS; this holds in local mode, which has no IAM.
 *
 * @returns the folder, unchanged
 * @throws DataLakeError naming the folder and the prefix it must be under
 * @example
 * ```ts
 * tableExportToDelete('exports/service/exp-1/service/service.users/', 'exports/service/'); // returned as is
 * tableExportToDelete('exports/payments/exp-1/payments/public.refunds/', 'exports/service/'); // throws
 * ```
 */
export function tableExportToDelete(folder: string, sourceExportPrefix: string): string {
  const segments = folder.split('/');
  const within =
    sourceExportPrefix.endsWith('/') &&
    folder.startsWith(sourceExportPrefix) &&
    folder.length > sourceExportPrefix.length &&
    folder.endsWith('/') &&
    !segments.some((segment) => segment === '.' || segment === '..');
  if (!within) {
    throw new DataLakeError(
      `Table export "${folder}" is not a folder under the source's export prefix "${sourceExportPrefix}"; the commit deletes only its own source's exports`,
    );
  }
  return folder;
}
