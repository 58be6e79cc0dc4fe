/** The single-column primary key a table is chunked by, and how its values travel (see `sourceValueKind`). */
export interface ChunkKey {
  readonly column: string;
  readonly kind: 'integer' | 'time' | 'bytes' | 'text';
}
