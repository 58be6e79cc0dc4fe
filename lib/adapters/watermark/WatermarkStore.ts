/** A table's committed watermark and the version it was read at. */
export interface StoredWatermark {
  /** The watermark value: the end of the last committed window (`WatermarkWindow.through`). */
  readonly value: string;
  /** The run that committed it. */
  readonly runId: string;
  /** Opaque version of the stored object, for the conditional advance. */
  readonly etag: string;
}

/**
 * Where incremental tables keep their last committed watermark: an S3 object per table in AWS
 * ({@link S3WatermarkStore}), a file in local mode ({@link FileWatermarkStore}).
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
   * Stores `value` as the table's watermark, only if the stored one is still the version the run
   * read (`expectedEtag`; `undefined`: only if none exists yet), so two runs cannot both advance.
   * Call it only after the run's commit succeeded (see `commitThenAdvance`).
   *
   * @returns the new version
   * @throws WatermarkConflictError when the stored watermark changed meanwhile
   */
  advance(
    source: string,
    table: string,
    value: string,
    runId: string,
    expectedEtag: string | undefined,
  ): Promise<StoredWatermark>;
}
