import type { DataLakeConfig, SourceConfig } from '../../../lib/config';
import { snapshotPools } from '../../../lib/core/orchestration/snapshotPools';
import { parsedConfig, validSource, validTable } from '../../helpers/configFactory';

const POOLS = [
  { name: 'default', maxConcurrency: 2 },
  { name: 'small', maxConcurrency: 2 },
  { name: 'large', maxConcurrency: 4 },
  { name: 'replica', maxConcurrency: 1 },
];

describe('snapshotPools', () => {
  it('lists the pools of the snapshot-export tables, in config order', () => {
    // Arrange
    const config = parsedConfig({
      pools: POOLS,
      sources: [
        validSource({
          includeTables: 'listed',
          tables: [
            validTable({ name: 'orders', pool: 'large' }),
            validTable({ name: 'users', pool: 'small' }),
            validTable({ name: 'events', pool: 'replica', mode: 'replica-query' }),
          ],
        }),
      ],
    });

    // Act
    const pools = snapshotPools(firstSource(config), config.pools);

    // Assert
    expect(pools.map((pool) => pool.name)).toEqual(['small', 'large']);
  });

  it('adds the default pool when every table is included, for tables found at run time', () => {
    // Arrange
    const config = parsedConfig({
      pools: POOLS,
      sources: [validSource({ includeTables: 'all', tables: [validTable({ pool: 'small' })] })],
    });

    // Act
    const pools = snapshotPools(firstSource(config), config.pools);

    // Assert
    expect(pools.map((pool) => pool.name)).toEqual(['default', 'small']);
  });

  it('has no pool for a source that exports nothing', () => {
    // Arrange
    const config = parsedConfig({
      pools: POOLS,
      sources: [validSource({ defaultMode: 'replica-query', includeTables: 'all', tables: [] })],
    });

    // Act / Assert
    expect(snapshotPools(firstSource(config), config.pools)).toEqual([]);
  });
});

function firstSource(config: DataLakeConfig): SourceConfig {
  const [source] = config.sources;
  if (source === undefined) throw new Error('the config has no source');
  return source;
}
