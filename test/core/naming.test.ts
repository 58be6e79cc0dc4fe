import {
  alertTopicName,
  archiveErrorPrefix,
  archivePrefix,
  auroraEndpointPrefix,
  CUSTOM_ENDPOINT_IDENTIFIER,
  cdcPrefix,
  cdcReplicationIdentifier,
  customEndpointName,
  customEndpointPrefix,
  eventsDatabaseName,
  exportPrefix,
  exportTaskId,
  exportTaskPrefix,
  kafkaClusterName,
  kinesisStreamName,
  MAX_CUSTOM_ENDPOINT_PREFIX,
  relayServiceName,
  replicaRunsPrefix,
  sourceDatabaseName,
  stackName,
  stateMachineName,
  watermarksPrefix,
  workgroupName,
} from '../../lib/core/naming';
import { RUN_ID_PATTERN } from '../../lib/core/pipeline/runId';

/** The longest lake and source names the config allows (lakeNameSchema, sourceNameSchema). */
const LONGEST_LAKE = `l${'-x'.repeat(15)}`;
const LONGEST_SOURCE = `s${'_b'.repeat(15)}`;

describe('naming', () => {
  it('builds Glue database names with underscores and lower case', () => {
    // Act / Assert
    expect(sourceDatabaseName('my-lake', 'service')).toBe('my_lake_service');
    expect(sourceDatabaseName('Lake', 'pay_ments')).toBe('lake_pay_ments');
    expect(eventsDatabaseName('my-lake')).toBe('my_lake_events');
  });

  it('builds stack names with hyphens only', () => {
    // Act / Assert
    expect(stackName('marketplace', { kind: 'foundation' })).toBe('marketplace-foundation');
    expect(stackName('marketplace', { kind: 'events' })).toBe('marketplace-events');
    expect(stackName('marketplace', { kind: 'source', source: 'order_db' })).toBe(
      'marketplace-source-order-db',
    );
  });
});

describe('stateMachineName', () => {
  it('names each pipeline <lake>-<source with hyphens>-<pipeline>', () => {
    // Act / Assert
    expect(stateMachineName('marketplace', 'order_db', 'snapshot')).toBe('marketplace-order-db-snapshot');
    expect(stateMachineName('marketplace', 'service', 'replica')).toBe('marketplace-service-replica');
  });

  it('fits Step Functions’ 80 characters of letters, digits, "-" and "_" with the longest names (CreateStateMachine API reference)', () => {
    // Act
    const names = (['snapshot', 'replica'] as const).map((pipeline) =>
      stateMachineName(LONGEST_LAKE, LONGEST_SOURCE, pipeline),
    );

    // Assert
    for (const name of names) expect(name).toMatch(/^[a-zA-Z0-9_-]{1,80}$/);
  });
});

describe('exportTaskPrefix', () => {
  it('joins lake and source with "-" and turns "_" into "-"', () => {
    // Act / Assert
    expect(exportTaskPrefix('marketplace', 'service_db')).toBe('marketplace-service-db');
  });

  it('never writes two hyphens in a row', () => {
    // Act / Assert
    expect(exportTaskPrefix('my-lake', 'a__b')).toBe('my-lake-a-b');
  });

  it('leaves room for the run id within RDS’s 60 characters, without a trailing hyphen', () => {
    // Arrange: the longest names the config allows
    const lake = `l${'a'.repeat(30)}`;
    const source = `s${'b'.repeat(30)}`;

    // Act
    const id = exportTaskId(exportTaskPrefix(lake, source), '20261123T030005Z');

    // Assert
    expect(id.length).toBeLessThanOrEqual(60);
    expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });
});

describe('exportTaskId', () => {
  it('appends the run id in lower case', () => {
    // Arrange
    const runId = '20261123T030005Z';

    // Act / Assert
    expect(RUN_ID_PATTERN.test(runId)).toBe(true);
    expect(exportTaskId('marketplace-service', runId)).toBe('marketplace-service-20261123t030005z');
  });
});

describe('S3 prefixes', () => {
  it('gives each source its own export, replica-run and watermark prefix', () => {
    // Act / Assert
    expect(exportPrefix('service')).toBe('exports/service/');
    expect(replicaRunsPrefix('service')).toBe('replica-runs/service/');
    expect(watermarksPrefix('service')).toBe('_watermarks/service/');
  });

  it('keeps one source’s prefixes apart from another whose name starts the same', () => {
    // Arrange
    const prefixes = [exportPrefix, replicaRunsPrefix, watermarksPrefix];

    // Act / Assert: `service/` never starts `service_events/`, so a grant on one misses the other
    for (const prefix of prefixes) expect(prefix('service_events').startsWith(prefix('service'))).toBe(false);
  });

  it('gives each stream an archive and an error prefix', () => {
    // Act / Assert
    expect(archivePrefix('app-events')).toBe('app-events/');
    expect(archiveErrorPrefix('app-events')).toBe('errors/app-events/');
  });
});

describe('Aurora custom endpoints', () => {
  it('prefixes them with the lake and source, hyphens only', () => {
    // Act / Assert
    expect(auroraEndpointPrefix('marketplace', 'service_events')).toBe('marketplace-service-events');
    expect(customEndpointName('marketplace-service', 'analytics')).toBe('marketplace-service-analytics');
    expect(customEndpointName('marketplace-service', 'product')).toBe('marketplace-service-product');
  });

  it('makes any name a valid prefix: lower case, single hyphens, a letter first, none last', () => {
    // Act / Assert
    expect(customEndpointPrefix('9-Marketplace--Cluster_1-')).toBe('marketplace-cluster-1');
  });

  it('stays within the 63 characters of a custom endpoint name with the longest names (Considerations for custom endpoints in Amazon Aurora)', () => {
    // Act
    const prefix = auroraEndpointPrefix(LONGEST_LAKE, LONGEST_SOURCE);

    // Assert
    expect(prefix.length).toBeLessThanOrEqual(MAX_CUSTOM_ENDPOINT_PREFIX);
    for (const role of ['analytics', 'product'] as const)
      expect(customEndpointName(prefix, role)).toMatch(CUSTOM_ENDPOINT_IDENTIFIER);
  });
});

describe('event and query names', () => {
  it('names the workgroup, the Kinesis stream, the MSK cluster and the relay service after the lake', () => {
    // Act / Assert
    expect(workgroupName('marketplace', 'analysts')).toBe('marketplace-analysts');
    expect(kinesisStreamName('marketplace', 'app-events')).toBe('marketplace-app-events');
    expect(kafkaClusterName('marketplace')).toBe('marketplace-events');
    expect(relayServiceName('marketplace', 'app-events')).toBe('marketplace-app-events-relay');
  });
});

describe('alertTopicName', () => {
  it("names the lake's one alert topic after the lake", () => {
    expect(alertTopicName('marketplace')).toBe('marketplace-alerts');
  });
});

describe('cdcPrefix and cdcReplicationIdentifier', () => {
  it("puts a source's DMS output under cdc/<source>/ in the raw bucket", () => {
    // Act / Assert
    expect(cdcPrefix('service')).toBe('cdc/service/');
  });

  it('joins lake and source with "-" and turns "_" into "-"', () => {
    // Act / Assert
    expect(cdcReplicationIdentifier('marketplace', 'service_db')).toBe('marketplace-service-db-cdc');
  });

  // CreateReplicationTask (AWS DMS API Reference), the identifier rule the lake holds a replication to:
  // letters, digits and hyphens, a letter first, no trailing hyphen, no two hyphens in a row, 1-255.
  it.each([
    ['my-lake', 'a__b'],
    ['lake-', 'svc'],
    ['lake', 'svc_'],
    [LONGEST_LAKE, LONGEST_SOURCE],
  ])('makes a valid DMS identifier of lake %j and source %j', (lake, source) => {
    // Act
    const id = cdcReplicationIdentifier(lake, source);

    // Assert
    expect(id).toMatch(/^[a-zA-Z](-?[a-zA-Z0-9])*$/);
    expect(id.length).toBeLessThanOrEqual(255);
  });
});
