import type { Catalog } from '../../lib/adapters/catalog';
import { type CatalogPartition, type CatalogTable, curatedView } from '../../lib/core/commit';
import { CatalogBatchError, CatalogTableExistsError, CatalogTableNotFoundError } from '../../lib/core/errors';

/** A catalog under test, empty, and how to release it after the test. */
export interface CatalogUnderTest {
  readonly catalog: Catalog;
  readonly close?: () => void;
}

const DB = 'marketplace_service';
const OTHER_DB = 'marketplace_payments';
const RUN = '20261123T030005Z';
const NEXT = '20261124T030005Z';

/** A snapshot run's table, partitioned by month and country (two keys, outermost first). */
function runTable(runId: string, columns = [{ name: 'id', type: 'bigint' }]): CatalogTable {
  return {
    name: `items__run_${runId.toLowerCase()}`,
    columns,
    partitionKeys: ['month', 'country'],
    location: 's3://curated/service/items/',
    parameters: { datalake_run_id: runId },
  };
}

/** An unpartitioned table, read at its run prefix. */
function usersTable(runId: string): CatalogTable {
  return {
    name: 'users__run',
    columns: [
      { name: 'id', type: 'bigint' },
      { name: 'email', type: 'string' },
    ],
    partitionKeys: [],
    location: `s3://curated/service/users/run=${runId}/`,
    parameters: { datalake_run_id: runId },
  };
}

/** `count` partitions of {@link runTable}: months × two countries, each at its run prefix. */
function partitions(count: number, runId = RUN): CatalogPartition[] {
  return Array.from({ length: count }, (_, index) => {
    const month = `2024-${String(Math.floor(index / 2) + 1).padStart(3, '0')}`;
    const country = index % 2 === 0 ? 'kr' : 'jp';
    return {
      values: [month, country],
      location: `s3://curated/service/items/month=${month}/country=${country}/run=${runId}/`,
    };
  });
}

function sorted(list: readonly CatalogPartition[]): CatalogPartition[] {
  return [...list].sort((a, b) => (JSON.stringify(a.values) < JSON.stringify(b.values) ? -1 : 1));
}

/** The error `promise` rejects with; `undefined` when it resolves. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

/**
 * The behaviour every {@link Catalog} shares, for the calls the commit makes (tables, their
 * partitions, the views readers query), declared as one `describe` block: `makeCatalog` runs
 * before each test and returns an empty catalog. Glue runs it against an in-memory fake of the
 * Glue API (test/adapters/catalog/fakeGlue.ts), the DuckDB catalog against a real DuckDB file.
 *
 * A catalog may add parameters of its own to a table (Glue: `EXTERNAL`, `classification`;
 * a view: `presto_view`, `comment`), so tables are compared with the parameters they were given
 * contained in those read back.
 *
 * @example
 * ```ts
 * describeCatalogContract('DuckdbCatalog', async () => { const catalog = await DuckdbCatalog.open(…); return { catalog, close: () => catalog.close() }; });
 * ```
 */
export function describeCatalogContract(name: string, makeCatalog: () => Promise<CatalogUnderTest>): void {
  describe(`Catalog contract: ${name}`, () => {
    let subject: CatalogUnderTest;
    let catalog: Catalog;

    beforeEach(async () => {
      subject = await makeCatalog();
      catalog = subject.catalog;
    });

    afterEach(() => subject.close?.());

    const asStored = (table: CatalogTable) => ({
      ...table,
      parameters: expect.objectContaining(table.parameters),
    });

    describe('tables', () => {
      it('has no table or view under a name never created, and deleting it does nothing', async () => {
        // Act
        const table = await catalog.getTable(DB, 'items');
        const view = await catalog.getView(DB, 'items');
        const deleted = await failure(catalog.deleteTable(DB, 'items'));

        // Assert
        expect([table, view, deleted]).toEqual([undefined, undefined, undefined]);
      });

      it('returns a created table: its columns in order, partition keys, location and parameters', async () => {
        // Arrange
        const items = runTable(RUN, [
          { name: 'id', type: 'bigint' },
          { name: 'price', type: 'decimal(20,0)' },
          { name: 'title', type: 'string' },
          { name: 'created_at', type: 'timestamp' },
        ]);

        // Act
        await catalog.createTable(DB, items);
        await catalog.createTable(DB, usersTable(RUN));

        // Assert
        expect(await catalog.getTable(DB, items.name)).toEqual(asStored(items));
        expect(await catalog.getTable(DB, 'users__run')).toEqual(asStored(usersTable(RUN)));
        expect(await catalog.getView(DB, items.name)).toBeUndefined();
      });

      it('refuses to create a table under a name that exists, table or view, and keeps what is there', async () => {
        // Arrange
        await catalog.createTable(DB, runTable(RUN));
        await catalog.upsertView(DB, itemsView(RUN));

        // Act
        const overTable = await failure(
          catalog.createTable(DB, { ...runTable(RUN), location: 's3://elsewhere/' }),
        );
        const overView = await failure(catalog.createTable(DB, { ...runTable(RUN), name: 'items' }));

        // Assert
        expect(overTable).toBeInstanceOf(CatalogTableExistsError);
        expect(overTable).toHaveProperty(
          'message',
          `createTable: ${DB}.${runTable(RUN).name} already exists in the catalog; allowed: a new name (updateTable replaces a table, upsertView a view)`,
        );
        expect(overView).toBeInstanceOf(CatalogTableExistsError);
        expect(await catalog.getTable(DB, runTable(RUN).name)).toEqual(asStored(runTable(RUN)));
        expect(await catalog.getView(DB, 'items')).toEqual(itemsView(RUN));
      });

      it('replaces a table’s definition on update: new columns, location and parameters', async () => {
        // Arrange
        await catalog.createTable(DB, usersTable(RUN));
        const next: CatalogTable = {
          ...usersTable(NEXT),
          columns: [...usersTable(NEXT).columns, { name: 'nickname', type: 'string' }],
          parameters: { datalake_run_id: NEXT, datalake_previous_run_id: RUN },
        };

        // Act
        await catalog.updateTable(DB, next);

        // Assert
        expect(await catalog.getTable(DB, 'users__run')).toEqual(asStored(next));
      });

      it('refuses to update a table that does not exist, creating nothing', async () => {
        // Act
        const error = await failure(catalog.updateTable(DB, usersTable(RUN)));

        // Assert
        expect(error).toBeInstanceOf(CatalogTableNotFoundError);
        expect(error).toHaveProperty(
          'message',
          `updateTable: table ${DB}.users__run does not exist in the catalog; allowed: a table created with createTable`,
        );
        expect(await catalog.getTable(DB, 'users__run')).toBeUndefined();
      });

      it('keeps the tables of each database apart', async () => {
        // Arrange
        await catalog.createTable(DB, usersTable(RUN));
        await catalog.createTable(OTHER_DB, usersTable(NEXT));

        // Act
        await catalog.deleteTable(DB, 'users__run');

        // Assert
        expect(await catalog.getTable(DB, 'users__run')).toBeUndefined();
        expect(await catalog.getTable(OTHER_DB, 'users__run')).toEqual(asStored(usersTable(NEXT)));
      });
    });

    describe('partitions', () => {
      it('lists every partition created, past one 100-entry create batch, with values and locations', async () => {
        // Arrange
        const items = runTable(RUN);
        const created = partitions(230);
        await catalog.createTable(DB, items);

        // Act
        await catalog.createPartitions(DB, items, created);
        const listed = await catalog.getPartitions(DB, items.name);

        // Assert
        expect(listed).toHaveLength(230);
        expect(sorted(listed)).toEqual(sorted(created));
      });

      it('has no partitions after the table is created', async () => {
        // Arrange
        await catalog.createTable(DB, runTable(RUN));

        // Act / Assert
        expect(await catalog.getPartitions(DB, runTable(RUN).name)).toEqual([]);
      });

      it('adds the new partitions of a batch and refuses the existing ones in one CatalogBatchError', async () => {
        // Arrange
        const items = runTable(RUN);
        const all = partitions(6);
        await catalog.createTable(DB, items);
        await catalog.createPartitions(DB, items, all.slice(0, 2));

        // Act
        const error = await failure(catalog.createPartitions(DB, items, all.slice(1)));

        // Assert
        expect(error).toBeInstanceOf(CatalogBatchError);
        expect(error).toMatchObject({
          operation: 'BatchCreatePartition',
          table: `${DB}.${items.name}`,
          failures: [{ values: all[1]?.values, code: 'AlreadyExistsException' }],
        });
        expect(sorted(await catalog.getPartitions(DB, items.name))).toEqual(sorted(all));
      });

      it('deletes partitions past one 25-entry delete batch, keeping the others', async () => {
        // Arrange
        const items = runTable(RUN);
        const all = partitions(60);
        await catalog.createTable(DB, items);
        await catalog.createPartitions(DB, items, all);

        // Act
        await catalog.deletePartitions(DB, items.name, all.slice(0, 55));

        // Assert
        expect(sorted(await catalog.getPartitions(DB, items.name))).toEqual(sorted(all.slice(55)));
      });

      it('deletes the partitions that exist and refuses the missing ones in one CatalogBatchError', async () => {
        // Arrange
        const items = runTable(RUN);
        const all = partitions(4);
        await catalog.createTable(DB, items);
        await catalog.createPartitions(DB, items, all.slice(0, 3));

        // Act
        const error = await failure(
          catalog.deletePartitions(DB, items.name, [all[0], all[3]] as CatalogPartition[]),
        );

        // Assert
        expect(error).toBeInstanceOf(CatalogBatchError);
        expect(error).toMatchObject({
          operation: 'BatchDeletePartition',
          table: `${DB}.${items.name}`,
          failures: [{ values: all[3]?.values, code: 'EntityNotFoundException' }],
        });
        expect(sorted(await catalog.getPartitions(DB, items.name))).toEqual(sorted(all.slice(1, 3)));
      });

      it('refuses to list, add or delete partitions of a table that does not exist', async () => {
        // Act
        const list = await failure(catalog.getPartitions(DB, 'items__run_x'));
        const add = await failure(
          catalog.createPartitions(DB, { ...runTable(RUN), name: 'items__run_x' }, partitions(1)),
        );
        const remove = await failure(catalog.deletePartitions(DB, 'items__run_x', partitions(1)));

        // Assert
        for (const error of [list, add, remove]) expect(error).toBeInstanceOf(CatalogTableNotFoundError);
        expect(list).toHaveProperty(
          'message',
          expect.stringContaining(`table ${DB}.items__run_x does not exist`),
        );
        expect(await catalog.getTable(DB, 'items__run_x')).toBeUndefined();
      });

      it('deletes a table with its partitions: a table created again under the name has none', async () => {
        // Arrange
        const items = runTable(RUN);
        await catalog.createTable(DB, items);
        await catalog.createPartitions(DB, items, partitions(3));

        // Act
        await catalog.deleteTable(DB, items.name);
        const gone = await catalog.getTable(DB, items.name);
        await catalog.createTable(DB, items);

        // Assert
        expect(gone).toBeUndefined();
        expect(await catalog.getPartitions(DB, items.name)).toEqual([]);
      });
    });

    describe('views', () => {
      it('creates a view and returns it with its SQL, columns and parameters', async () => {
        // Arrange
        await catalog.createTable(DB, runTable(RUN));

        // Act
        await catalog.upsertView(DB, itemsView(RUN));

        // Assert
        expect(await catalog.getView(DB, 'items')).toEqual(itemsView(RUN));
      });

      it('shows a view as a table of its columns, partition keys among them, with no partition keys of its own', async () => {
        // Arrange
        await catalog.createTable(DB, runTable(RUN));
        await catalog.upsertView(DB, itemsView(RUN));

        // Act
        const table = await catalog.getTable(DB, 'items');

        // Assert
        expect(table).toEqual({
          name: 'items',
          columns: [
            { name: 'id', type: 'bigint' },
            { name: 'month', type: 'string' },
            { name: 'country', type: 'string' },
          ],
          partitionKeys: [],
          location: '',
          parameters: expect.objectContaining({ datalake_run_id: RUN }),
        });
      });

      it('replaces a view in place: the next run, other columns, new parameters', async () => {
        // Arrange
        await catalog.createTable(DB, runTable(RUN));
        await catalog.createTable(
          DB,
          runTable(NEXT, [
            { name: 'id', type: 'bigint' },
            { name: 'title', type: 'string' },
          ]),
        );
        await catalog.upsertView(DB, itemsView(RUN));
        const next = itemsView(NEXT, [
          { name: 'id', type: 'bigint' },
          { name: 'title', type: 'string' },
        ]);

        // Act
        await catalog.upsertView(DB, next);

        // Assert
        expect(await catalog.getView(DB, 'items')).toEqual(next);
      });

      it('keeps a view without parameters without any', async () => {
        // Arrange
        await catalog.createTable(DB, runTable(RUN));
        const latest = curatedView({
          database: DB,
          name: 'items_latest',
          from: runTable(RUN).name,
          columns: runTable(RUN).columns,
          partitionKeys: runTable(RUN).partitionKeys,
        });

        // Act
        await catalog.upsertView(DB, latest);

        // Assert
        expect(await catalog.getView(DB, 'items_latest')).toEqual(latest);
      });

      it('deletes a view: no view or table is left under its name, the table it read stays', async () => {
        // Arrange
        await catalog.createTable(DB, runTable(RUN));
        await catalog.upsertView(DB, itemsView(RUN));

        // Act
        await catalog.deleteTable(DB, 'items');

        // Assert
        expect(await catalog.getView(DB, 'items')).toBeUndefined();
        expect(await catalog.getTable(DB, 'items')).toBeUndefined();
        expect(await catalog.getTable(DB, runTable(RUN).name)).toEqual(asStored(runTable(RUN)));
      });
    });
  });
}

/** The `items` view readers query, over the run's table, with the run in its parameters. */
function itemsView(runId: string, columns = [{ name: 'id', type: 'bigint' }]) {
  return curatedView({
    database: DB,
    name: 'items',
    from: runTable(runId).name,
    columns,
    partitionKeys: runTable(runId).partitionKeys,
    parameters: { datalake_run_id: runId },
  });
}
