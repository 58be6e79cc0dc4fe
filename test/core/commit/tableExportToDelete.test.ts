import { tableExportToDelete } from '../../../lib/core/commit';

const SOURCE = 'exports/service/';

describe('tableExportToDelete', () => {
  it('returns a table folder under the source’s export prefix', () => {
    // Arrange
    const folder = 'exports/service/lake-service-20261123t030005z/service/service.users/';

    // Act / Assert
    expect(tableExportToDelete(folder, SOURCE)).toBe(folder);
  });

  it.each([
    ['another source', 'exports/payments/exp/payments/public.refunds/'],
    ['a source whose name starts the same', 'exports/service_eu/exp/db/db.users/'],
    ['the prefix itself', 'exports/service/'],
    ['a key, not a folder', 'exports/service/exp/service/service.users/1/part-00000.parquet'],
    ['a way out by ..', 'exports/service/../payments/exp/'],
  ])('refuses %s', (_what, folder) => {
    // Act / Assert
    expect(() => tableExportToDelete(folder, SOURCE)).toThrow(
      /not a folder under the source's export prefix/,
    );
  });
});
