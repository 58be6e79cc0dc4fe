/**
 * commitTask on a real S3 emulator (fauxqs) and a fake of the Glue API: once a snapshot table's
 * commit succeeds, its folder of the run's export leaves the raw bucket and the other tables'
 * folders stay; a failed commit leaves it for the retry; a re-run of the run, which finds the
 * folder gone, commits the table again as a no-op instead of failing its counts.
 */

import { GlueClient } from '@aws-sdk/client-glue';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { GlueCatalog } from '../../../lib/adapters/catalog';
import { type MetricsPublisher, NO_METRICS } from '../../../lib/adapters/metrics';
import { listAll, S3ObjectStore } from '../../../lib/adapters/objectStore';
import { tableExportPrefix } from '../../../lib/core/export/exportLayout';
import type { MetricValues } from '../../../lib/core/metrics';
import { exportPrefix } from '../../../lib/core/naming';
import { manifestKey, type PartResult } from '../../../lib/core/pipeline';
import { type CommitDeps, commitTask } from '../../../lib/tasks/commit/commitTask';
import type { TableTaskLogger } from '../../../lib/tasks/TaskLogger';
import { FakeGlue } from '../../adapters/catalog/fakeGlue';
import { partResult, RUN, USERS_SCHEMA } from '../../core/commit/factories';
import { type Fauxqs, startFauxqs } from '../../helpers/startFauxqs';
import { plannedColumn, tablePlan } from '../../helpers/tablePlanFactory';

const EXPORT_ID = 'lake-service-20261123t030005z';
const PREFIX = exportPrefix('service');
const ref = (table: string) => ({ engine: 'mysql' as const, database: 'service', schema: 'service', table });
const USERS_EXPORT = tableExportPrefix(PREFIX, EXPORT_ID, ref('users'));
const ORDERS_EXPORT = tableExportPrefix(PREFIX, EXPORT_ID, ref('orders'));

const glue = mockClient(GlueClient);
const SILENT: TableTaskLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  appendKeys: () => undefined,
};

let fauxqs: Fauxqs;
let objectStore: S3ObjectStore;
let bucketCount = 0;
let raw: string;
let curated: string;

beforeAll(async () => {
  fauxqs = await startFauxqs();
  objectStore = new S3ObjectStore({ client: fauxqs.s3 });
});

afterAll(async () => {
  await fauxqs.stop();
});

beforeEach(async () => {
  bucketCount += 1;
  raw = `raw-${bucketCount}`;
  curated = `curated-${bucketCount}`;
  await fauxqs.createBucket(raw);
  await fauxqs.createBucket(curated);
  glue.reset();
  new FakeGlue().attach(glue);
});

function deps(): CommitDeps {
  return {
    objectStore,
    catalog: new GlueCatalog(new GlueClient({ region: 'eu-west-1' })),
    settings: {
      GLUE_DATABASE: 'marketplace_service',
      CURATED_BUCKET: curated,
      CURATED_RUNS_TO_KEEP: 2,
      RAW_BUCKET: raw,
      EXPORT_PREFIX: PREFIX,
      POWERTOOLS_METRICS_NAMESPACE: 'DataLake/marketplace',
    },
    logger: SILENT,
    metrics: NO_METRICS,
    now: () => 0,
  };
}

/** The commit event of `service.users` in RUN: two parts of 10 rows, as the plan counted them. */
function usersEvent(expected: { rows: number; parts: number } = { rows: 20, parts: 2 }) {
  const columns = USERS_SCHEMA.map((column) =>
    plannedColumn(column.name, { dataType: 'int' }, { athenaType: 'int', duckdbType: column.duckdbType }),
  );
  return {
    plan: tablePlan(columns, {
      table: 'users',
      schema: 'service',
      database: 'service',
      expectedRows: expected.rows,
    }),
    expectedParts: expected.parts,
    tableExport: USERS_EXPORT,
  };
}

/** A table's export folder as RDS writes it: two part files and a marker. */
async function writeExport(folder: string): Promise<void> {
  for (const name of ['1/part-00000-a.gz.parquet', '1/part-00001-b.gz.parquet', '_SUCCESS']) {
    await fauxqs.s3.send(new PutObjectCommand({ Bucket: raw, Key: `${folder}${name}`, Body: 'PAR1' }));
  }
}

/** The run's curated files and manifests of `service.users`. */
async function writeUsersRun(manifests: readonly PartResult[]): Promise<void> {
  for (const manifest of manifests) {
    for (const file of manifest.files) {
      await fauxqs.s3.send(new PutObjectCommand({ Bucket: curated, Key: file.key, Body: 'PAR1' }));
    }
    await objectStore.putJson(curated, manifestKey('service', 'users', RUN, manifest.partIndex), manifest);
  }
}

async function rawKeys(): Promise<string[]> {
  return (await listAll(objectStore, raw, '')).map((object) => object.key);
}

describe('commitTask, raw exports', () => {
  it("deletes the committed table's export folder and no other table's", async () => {
    // Arrange
    await writeExport(USERS_EXPORT);
    await writeExport(ORDERS_EXPORT);
    await writeUsersRun([partResult(0), partResult(1)]);

    // Act
    const summary = await commitTask(usersEvent(), deps());

    // Assert
    expect(summary.rows).toBe(20);
    expect((await rawKeys()).sort()).toEqual(
      [
        `${ORDERS_EXPORT}1/part-00000-a.gz.parquet`,
        `${ORDERS_EXPORT}1/part-00001-b.gz.parquet`,
        `${ORDERS_EXPORT}_SUCCESS`,
      ].sort(),
    );
  });

  it('keeps the export when the commit fails, so a retry can commit it', async () => {
    // Arrange: part 1's manifest is missing
    await writeExport(USERS_EXPORT);
    await writeUsersRun([partResult(0)]);

    // Act
    const result = commitTask(usersEvent(), deps());

    // Assert
    await expect(result).rejects.toThrow(/part\(s\) have no manifest/);
    expect(await rawKeys()).toHaveLength(3);
    expect(glue.calls()).toHaveLength(0);
  });

  it('commits a re-run of the run as a no-op when its export is gone, its counts taken from the manifests', async () => {
    // Arrange: the run committed and consumed its export; the re-run's plan found no parts
    await writeExport(USERS_EXPORT);
    await writeUsersRun([partResult(0), partResult(1)]);
    await commitTask(usersEvent(), deps());

    // Act
    const again = await commitTask(usersEvent({ rows: 0, parts: 0 }), deps());

    // Assert
    expect(again).toMatchObject({
      rows: 20,
      tableAction: 'unchanged',
      partitions: { created: 0, deleted: 0 },
    });
  });

  it('fails, and deletes nothing, on an export folder outside the source’s prefix', async () => {
    // Arrange
    const other = tableExportPrefix(exportPrefix('payments'), EXPORT_ID, ref('users'));
    await writeExport(other);
    await writeUsersRun([partResult(0), partResult(1)]);

    // Act
    const result = commitTask({ ...usersEvent(), tableExport: other }, deps());

    // Assert
    await expect(result).rejects.toThrow(
      /not a folder under the source's export prefix "exports\/service\/"/,
    );
    expect(await rawKeys()).toHaveLength(3);
  });

  it('deletes nothing in the raw bucket on the replica path (no table export)', async () => {
    // Arrange
    await writeExport(USERS_EXPORT);
    await writeUsersRun([partResult(0), partResult(1)]);
    const { tableExport: _none, ...replicaEvent } = usersEvent();

    // Act
    await commitTask(replicaEvent, deps());

    // Assert
    expect(await rawKeys()).toHaveLength(3);
  });
});

describe('commitTask, metrics', () => {
  /** The commit's deps with a publisher that records what it is given. */
  function recordingDeps() {
    const published: Array<{ dimensions: unknown; values: MetricValues }> = [];
    const metrics: MetricsPublisher = {
      publish: (dimensions, values) => published.push({ dimensions, values }),
    };
    return { published, deps: { ...deps(), metrics, now: () => Date.parse('2026-11-23T03:10:05Z') } };
  }

  it("publishes the committed table's rows, bytes, run duration, freshness and row-count difference, and its freshness as a share of its SLO for the source", async () => {
    // Arrange: a table with a 40-minute SLO
    await writeUsersRun([partResult(0), partResult(1)]);
    const { published, deps: withMetrics } = recordingDeps();
    const event = usersEvent();

    // Act
    const summary = await commitTask(
      { ...event, plan: { ...event.plan, freshnessSloSeconds: 2400 }, tableExport: undefined },
      withMetrics,
    );

    // Assert: RUN started at 03:00:05, a snapshot run's data is as of its start
    expect(published).toEqual([
      {
        dimensions: { Source: 'service', Table: 'users' },
        values: {
          rowsCommitted: 20,
          bytesCommitted: summary.bytes,
          runDurationSeconds: 600,
          freshnessSeconds: 600,
          rowCountDifference: 0,
        },
      },
      { dimensions: { Source: 'service' }, values: { freshnessPercentOfSlo: 25 } },
    ]);
  });

  it('publishes the row-count difference of a run the commit refuses for it', async () => {
    // Arrange: part 1's manifest (10 rows) is missing
    await writeUsersRun([partResult(0)]);
    const { published, deps: withMetrics } = recordingDeps();

    // Act
    const result = commitTask({ ...usersEvent(), tableExport: undefined }, withMetrics);

    // Assert
    await expect(result).rejects.toThrow(/part\(s\) have no manifest/);
    expect(published).toEqual([
      { dimensions: { Source: 'service', Table: 'users' }, values: { rowCountDifference: -10 } },
    ]);
  });
});
