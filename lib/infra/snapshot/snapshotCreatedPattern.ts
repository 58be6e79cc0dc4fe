import * as events from 'aws-cdk-lib/aws-events';
import type { ExportedDatabase } from './exportStates';

/**
 * The EventBridge pattern of "automated snapshot created" for one RDS instance
 * (`RDS-EVENT-0091`) or Aurora cluster (`RDS-EVENT-0169`). Automated snapshots are
 * named `rds:<identifier>-<date>`; manual ones (including those this pipeline takes)
 * are left out, so a run never starts another.
 *
 * The event id is matched by suffix: EventBridge carries it either bare or as the
 * documentation URL ending in `#RDS-EVENT-…`.
 */
export function snapshotCreatedPattern(database: ExportedDatabase): events.EventPattern {
  const cluster = database.clusterIdentifier !== undefined;
  const identifier = database.clusterIdentifier ?? database.instanceIdentifier;
  return {
    source: ['aws.rds'],
    detailType: [cluster ? 'RDS DB Cluster Snapshot Event' : 'RDS DB Snapshot Event'],
    detail: {
      EventID: events.Match.suffix(cluster ? 'RDS-EVENT-0169' : 'RDS-EVENT-0091'),
      SourceIdentifier: events.Match.prefix(`rds:${identifier}-`),
    },
  };
}
