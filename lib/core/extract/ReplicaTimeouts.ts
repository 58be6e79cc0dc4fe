/**
 * How long a session on the source's replica may wait, in seconds: config `sources[].timeouts`,
 * the replica functions' `REPLICA_*_TIMEOUT_SECONDS`. Each bound turns a hang into an error that
 * names the replica, so a dead or silent server fails the statement instead of the whole run.
 */
export interface ReplicaTimeouts {
  /** Longest wait for a session to open: TCP, TLS, login and the session settings. */
  readonly connectSeconds: number;
  /** Longest a statement may run, a chunk's whole stream included. */
  readonly statementSeconds: number;
  /**
   * Longest a chunk's stream may go without a byte from the server while it waits for one (its
   * first row included); time spent waiting for a slow consumer does not count.
   */
  readonly idleSeconds: number;
}

/**
 * The defaults: 10 s to connect, 2 minutes of silence, 9 minutes per statement, so a statement
 * ends with its own error before the replica plan's 10-minute and the extract's 15-minute Lambda
 * timeouts stop the function with none.
 */
export const DEFAULT_REPLICA_TIMEOUTS: ReplicaTimeouts = {
  connectSeconds: 10,
  statementSeconds: 540,
  idleSeconds: 120,
};
