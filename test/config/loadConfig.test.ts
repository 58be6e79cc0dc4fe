import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig, parseConfig } from '../../lib/config';
import { ConfigError } from '../../lib/core/errors';
import { validConfig } from '../helpers/configFactory';

/** Writes `text` to a fresh temporary file named `name` and returns its path. */
function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'config-')), name);
  writeFileSync(path, text);
  return path;
}

/** The ConfigError that loading `path` throws; fails the test when it throws none. */
function loadError(path: string): ConfigError {
  try {
    loadConfig(path);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected loadConfig(${path}) to throw a ConfigError`);
}

describe('loadConfig', () => {
  describe('the example config', () => {
    it('parses again from its own validated JSON, unchanged (what Lambdas and local mode receive)', () => {
      // Arrange
      const config = loadConfig(DEFAULT_CONFIG_PATH);

      // Act
      const again = parseConfig(JSON.parse(JSON.stringify(config)));

      // Assert
      expect(again).toEqual(config);
    });

    it('loads the two sources of the marketplace', () => {
      // Act
      const config = loadConfig(DEFAULT_CONFIG_PATH);

      // Assert
      expect(config.name).toBe('marketplace');
      expect(config.sources.map((source) => [source.name, source.engine, source.port])).toEqual([
        ['service', 'mysql', 3306],
        ['payments', 'postgres', 5432],
      ]);
      expect(config.sources[1]?.primary).toEqual({
        clusterIdentifier: 'marketplace-aurora',
        securityGroupId: 'sg-0a1b2c3d4e5f67890',
      });
      expect(config.sources[1]?.replica.count).toBe(2);
    });

    it('masks the personal data of users and reads them incrementally in pool small', () => {
      // Act
      const users = loadConfig(DEFAULT_CONFIG_PATH).sources[0]?.tables.find(
        (table) => table.name === 'users',
      );

      // Assert
      expect(users).toMatchObject({ mode: 'incremental', watermarkColumn: 'updated_at', pool: 'small' });
      expect(users?.columns).toEqual({
        email: { drop: false, mask: 'hash' },
        phone: { drop: false, mask: 'redact' },
        name: { drop: false, mask: 'truncate', length: 1 },
        password_hash: { drop: true },
      });
    });

    it('fills the defaults it leaves out', () => {
      // Act
      const config = loadConfig(DEFAULT_CONFIG_PATH);
      const [service, payments] = config.sources;

      // Assert
      expect(service?.tables.find((table) => table.name === 'items')).toMatchObject({
        schema: 'service',
        mode: 'snapshot-export',
        priority: 0,
        chunkSize: 100000,
        newColumns: 'exclude',
        partitionBy: [{ column: 'created_at', granularity: 'month' }],
      });
      expect(service?.replica).toMatchObject({ performanceInsights: true, deletionProtection: true });
      expect(payments?.tables.find((table) => table.name === 'refunds')).toMatchObject({
        schema: 'public',
        mode: 'replica-query',
      });
      expect(payments?.replica.instanceClass).toBe('t4g.medium');
      expect(config.streams[0]).toMatchObject({
        name: 'app-events',
        partitionKeyField: 'userId',
        kafkaTopic: 'app.events',
        relay: { batchSize: 100, maxBatchingWindowSeconds: 1, parallelizationFactor: 1, maxRetryAttempts: 3 },
      });
    });

    it('points its editors at the committed JSON Schema', () => {
      // Arrange
      const firstLine = readFileSync(DEFAULT_CONFIG_PATH, 'utf8').split('\n')[0] ?? '';
      const schemaPath = /\$schema=(\S+)/.exec(firstLine)?.[1] ?? '';

      // Act
      const resolved = join(DEFAULT_CONFIG_PATH, '..', schemaPath);

      // Assert
      expect(firstLine).toBe('# yaml-language-server: $schema=../schema/datalake-config.schema.json');
      expect(existsSync(resolved)).toBe(true);
    });
  });

  it('reads a .json file', () => {
    // Arrange
    const path = tempFile('lake.json', JSON.stringify(validConfig({ name: 'jsonlake' })));

    // Act
    const config = loadConfig(path);

    // Assert
    expect(config.name).toBe('jsonlake');
  });

  it('reads a .yml file and names it in schema errors', () => {
    // Arrange
    const path = tempFile('lake.yml', 'name: Bad\nsources: []\n');

    // Act
    const error = loadError(path);

    // Assert
    expect(error.file).toBe(path);
    expect(error.issues.map((issue) => issue.path)).toEqual(['name', 'sources']);
    expect(error.message).toContain(`in ${path}`);
  });

  it('names the path of a missing file', () => {
    // Arrange
    const path = join(tmpdir(), 'no-such-dir', 'lake.yaml');

    // Act
    const error = loadError(path);

    // Assert
    expect(error.file).toBe(path);
    expect(error.issues).toEqual([{ path: '', message: `cannot read ${path}: no such file` }]);
  });

  it('refuses an extension other than .yaml, .yml and .json', () => {
    // Arrange
    const path = tempFile('lake.toml', 'name = "lake"');

    // Act
    const error = loadError(path);

    // Assert
    expect(error.issues).toEqual([
      { path: '', message: 'received a file ending ".toml"; allowed: .yaml, .yml, .json' },
    ]);
  });

  it('reports a YAML syntax error with its line and column', () => {
    // Arrange: the flow sequence opened on line 3 is still open where line 4 starts
    const path = tempFile('lake.yaml', 'name: lake\nsources:\n  - [a, b\nstreams: []\n');

    // Act
    const error = loadError(path);

    // Assert
    expect(error.file).toBe(path);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.message).toMatch(/^YAML syntax error at line 4, column 1: /);
    expect(error.message).toContain(path);
  });

  it('reports a duplicate YAML key as a syntax error on its line', () => {
    // Arrange
    const path = tempFile('lake.yaml', 'name: lake\nname: other\n');

    // Act
    const error = loadError(path);

    // Assert
    expect(error.issues[0]?.message).toBe('YAML syntax error at line 2, column 1: Map keys must be unique');
  });

  it('reports a JSON syntax error with its line and column', () => {
    // Arrange: a trailing comma on line 3
    const path = tempFile('lake.json', '{\n  "name": "lake",\n}\n');

    // Act
    const error = loadError(path);

    // Assert
    expect(error.issues[0]?.message).toMatch(/^JSON syntax error at line 3, column 1: /);
    expect(error.file).toBe(path);
  });

  it('reports an empty file as a config that is not an object', () => {
    // Arrange
    const path = tempFile('lake.yaml', '');

    // Act
    const error = loadError(path);

    // Assert
    expect(error.issues).toEqual([{ path: '', message: 'received null; allowed: an object (key: value)' }]);
  });
});
