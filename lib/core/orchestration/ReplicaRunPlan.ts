import type { ExtractChunk } from '../extract/ExtractChunk';
import type { TablePlan } from '../pipeline/TablePlan';

/**
 * The claim an incremental table's run makes just before its commit: a conditional write of the
 * table's stored claim (`_watermarks/<source>/<table>.json`) from the version the plan read, so of
 * two runs planned from one version only one goes on to commit. The watermark itself is recorded
 * by the commit (see `committedWatermark`); the claim only guards it.
 */
export interface WindowClaim {
  readonly source: string;
  readonly table: string;
  /** The window's end, stored with the claim (the commit records it as the watermark). */
  readonly value: string;
  readonly runId: string;
  /** @default - no claim was stored when the run was planned: the claim creates it */
  readonly etag?: string;
}

/** One table of a replica run: what the commit step gets once its pool's chunks are extracted. */
export interface ReplicaTableItem {
  readonly plan: TablePlan;
  /** The table's pool: its chunks are in the pool's chunk list, its commit in the pool's commit Map. */
  readonly pool: string;
  /** How many chunks (and so part manifests) the commit must find. */
  readonly chunks: number;
  /** @default - a full load (`replica-query`), or nothing to read yet: no window to claim */
  readonly watermark?: WindowClaim;
}

/**
 * One unit of extract work in a pool's Map: the chunk and the index of its table in
 * {@link ReplicaRunPlan.tables}, so a table's plan travels once, not once per chunk (Step
 * Functions caps a state's data at 256 KiB; the Map picks the plan with `States.ArrayGetItem`).
 */
export interface ReplicaChunkItem {
  readonly table: number;
  readonly chunk: ExtractChunk;
  /** Index in {@link ReplicaRunPlan.replicaHosts} of the replica this chunk is read from. */
  readonly replica: number;
}

/**
 * What the replica plan step decides for one run of a source: every replica-query/incremental
 * table with its plan, and per pool the chunk items its Map fans out over, highest-priority table
 * first. It grows with the tables and chunks, so it is stored in S3 (`replicaRunFiles`), and only
 * its {@link ReplicaRunManifest} travels through Step Functions.
 */
export interface ReplicaRunPlan {
  readonly runId: string;
  /** The read replicas' hosts the chunks are spread over; the Map picks each chunk's by index. */
  readonly replicaHosts: readonly string[];
  readonly tables: readonly ReplicaTableItem[];
  /** Chunk items per pool name; a pool with no chunk this run is absent. */
  readonly pools: Readonly<Record<string, readonly ReplicaChunkItem[]>>;
  /** Why tables were read in fewer chunks than asked (no usable primary key), prefixed with nothing: each names its table. */
  readonly warnings: readonly string[];
}

/**
 * One item of a pool's stored chunk list, as the pool's Distributed Map hands it to a child
 * execution: the chunk with its table's plan and the host of the replica it is read from. The
 * child's input is one item, so it stays the size of one table plan whatever the chunk count.
 */
export interface ReplicaChunkWork {
  readonly plan: TablePlan;
  readonly chunk: ExtractChunk;
  readonly host: string;
}

/**
 * A pool's stored lists: its chunk list (where it is and how many chunks it holds, none when its
 * tables have nothing to read this run) and its table list, which the pool's commit Map reads once
 * the pool's chunks are extracted.
 */
export interface ReplicaPoolChunks {
  readonly key: string;
  readonly chunks: number;
  readonly tables: { readonly key: string; readonly count: number };
}

/**
 * What the replica plan step returns and the state machine carries as `$.plan`: where the run's
 * stored plan is and how big it is, never its lists, so every state's data stays far below Step
 * Functions' 256 KiB whatever the number of tables and chunks.
 */
export interface ReplicaRunManifest {
  readonly runId: string;
  /** The bucket the lists are in (the raw bucket). */
  readonly bucket: string;
  /**
   * Each pool's stored {@link ReplicaChunkWork} and {@link ReplicaTableItem} lists; a pool with no
   * table this run is absent.
   */
  readonly pools: Readonly<Record<string, ReplicaPoolChunks>>;
  /**
   * The folder where a table's failed chunk or commit notes the table and its cause
   * (`<failures><table>/cause.txt`, the cause as text); the run lists it when it ends.
   */
  readonly failures: string;
  /** How many warnings the plan logged (tables read in fewer chunks than asked). */
  readonly warnings: number;
}
