/** The database of a source whose snapshots are exported: an RDS instance or an Aurora cluster. */
export type SnapshotDatabase =
  | { readonly instanceIdentifier: string; readonly clusterIdentifier?: undefined }
  | { readonly clusterIdentifier: string; readonly instanceIdentifier?: undefined };
