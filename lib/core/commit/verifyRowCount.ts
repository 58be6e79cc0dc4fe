import { RowCountMismatchError } from '../errors';
import type { PartResult } from '../pipeline';
import { tableLabel } from './tableLabel';

/** What the commit expects a run to have written for one table. */
export interface ExpectedOutput {
  readonly source: string;
  readonly table: string;
  readonly runId: string;
  /** Rows the source holds (the export's count, or the extract's). */
  readonly rows: number;
  /** Input parts of the run; each must have exactly one manifest, indexes `0..parts-1`. */
  readonly parts: number;
}

/** What a verified run wrote, summed over its manifests. */
export interface WrittenTotals {
  readonly rows: number;
  readonly files: number;
  readonly bytes: number;
}

function manifestProblems(manifest: PartResult, expected: ExpectedOutput): string[] {
  const problems: string[] = [];
  const { source, table, runId } = manifest;
  if (source !== expected.source || table !== expected.table || runId !== expected.runId) {
    problems.push(
      `manifest of part ${manifest.partIndex} is for ${tableLabel(source, table)} run ${runId}; expected ${tableLabel(expected.source, expected.table)} run ${expected.runId}`,
    );
  }
  if (
    !Number.isInteger(manifest.partIndex) ||
    manifest.partIndex < 0 ||
    manifest.partIndex >= expected.parts
  ) {
    problems.push(`manifest names part ${manifest.partIndex}; allowed: 0..${expected.parts - 1}`);
  }
  const fileRows = manifest.files.reduce((sum, file) => sum + file.rows, 0);
  if (fileRows !== manifest.rows) {
    problems.push(
      `part ${manifest.partIndex}: its files hold ${fileRows} rows but its manifest says ${manifest.rows}`,
    );
  }
  return problems;
}

/**
 * Checks that a run wrote every part and exactly the source's row count, before anything in
 * the catalog changes: every part index `0..parts-1` has one manifest of this table and run,
 * each manifest's files add up to its rows, and the rows add up to the export's count.
 *
 * @returns the rows, files and bytes written
 * @throws RowCountMismatchError listing every problem found (missing parts by index)
 * @example
 * ```ts
 * const totals = verifyRowCount(manifests, { source: 'service', table: 'users', runId, rows: 1000, parts: 2 });
 * // { rows: 1000, files: 3, bytes: 48213 }
 * ```
 */
export function verifyRowCount(manifests: readonly PartResult[], expected: ExpectedOutput): WrittenTotals {
  const problems = manifests.flatMap((manifest) => manifestProblems(manifest, expected));
  const seen = new Set<number>();
  for (const manifest of manifests) {
    if (seen.has(manifest.partIndex)) problems.push(`part ${manifest.partIndex} has more than one manifest`);
    seen.add(manifest.partIndex);
  }
  const missingParts = Array.from({ length: expected.parts }, (_, index) => index).filter(
    (index) => !seen.has(index),
  );
  if (missingParts.length > 0) {
    problems.push(
      `${missingParts.length} of ${expected.parts} part(s) have no manifest: ${missingParts.join(', ')}; every part must finish before the commit`,
    );
  }
  const rows = manifests.reduce((sum, manifest) => sum + manifest.rows, 0);
  if (rows !== expected.rows) {
    problems.push(`wrote ${rows} rows; expected ${expected.rows} (the source's count)`);
  }
  if (problems.length > 0) {
    throw new RowCountMismatchError(problems.join('; '), {
      table: tableLabel(expected.source, expected.table),
      runId: expected.runId,
      expectedRows: expected.rows,
      writtenRows: rows,
      missingParts,
    });
  }
  return {
    rows,
    files: manifests.reduce((sum, manifest) => sum + manifest.files.length, 0),
    bytes: manifests.reduce(
      (sum, manifest) => sum + manifest.files.reduce((fileSum, file) => fileSum + file.bytes, 0),
      0,
    ),
  };
}
