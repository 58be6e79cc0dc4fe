/** A table's stored window claim and the version it was read at. */
export interface StoredWatermark {
  /** The end of the claiming run's window (`WatermarkWindow.through`). */
  readonly value: string;
  /** The run that claimed the table's next commit. */
  readonly runId: string;
  /** Opaque version of the stored object, for the conditional advance. */
  readonly etag: string;
}

/**
 * Where incremental tables keep their window claims: an S3 object per table in AWS
 * ({@link S3WatermarkStore}), a file in local mode ({@link FileWatermarkStore}). A run claims the
 * table just before its commit (`claimWindow`), from the version it was planned with, so two runs
 * planned at once cannot both commit. The committed watermark itself is recorded by the commit,
 * in the catalog, with the run (`committedWatermark`); before that change the stored value was the
 * watermark, which a lake committed then still reads.
 *
 * The watermark is what polling reads past. Polling cannot see hard deletes, nor rows changed
 * without moving their watermark column (an UPDATE that does not touch `updated_at`; with an id
 * watermark, any UPDATE): such changes never reach the lake through an incremental table. Change
 * data capture (MySQL binlog, PostgreSQL logical replication) is the answer for those tables.
 */
export interface WatermarkStore {
  /** The table's stored watermark, or `undefined` before its first committed run. */
  get(source: string, table: string): Promise<StoredWatermark | undefined>;
  /**
   * Stores `value` and `runId` as the table's claim, only if the stored one is still the version
   * the run read (`expectedEtag`; `undefined`: only if none exists yet), so two runs cannot both
   * advance from one version (see `claimWindow`).
   *
   * @returns the new version
   * @throws WatermarkConflictError when the stored claim changed meanwhile
   */
  advance(
    source: string,
    table: string,
    value: string,
    runId: string,
    expectedEtag: string | undefined,
  ): Promise<StoredWatermark>;
}
