/**
 * The partition key an incremental table gets after its own keys: the run id of the
 * `run=<id>/` directory. Each run is a delta registered as its own partitions, so a run is
 * visible only once committed, and `<table>_latest` orders a key's versions by it (run ids sort
 * as text by time).
 */
export const RUN_PARTITION_KEY = 'run';
