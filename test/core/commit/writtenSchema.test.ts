import { parseManifest, writtenSchema } from '../../../lib/core/commit';
import { DataLakeError, SchemaEvolutionError } from '../../../lib/core/errors';
import { partResult, USERS_SCHEMA } from './factories';

describe('writtenSchema', () => {
  it('is the schema every part wrote', () => {
    // Act / Assert
    expect(writtenSchema([partResult(1), partResult(0)], 'service.users')).toEqual(USERS_SCHEMA);
  });

  it('refuses parts that wrote different schemas, naming both', () => {
    // Arrange
    const odd = partResult(1, {
      schema: [
        { name: 'id', duckdbType: 'BIGINT' },
        { name: 'email_hash', duckdbType: 'VARCHAR' },
      ],
    });

    // Act / Assert
    expect(() => writtenSchema([partResult(0), odd], 'service.users')).toThrow(SchemaEvolutionError);
    expect(() => writtenSchema([partResult(0), odd], 'service.users')).toThrow(
      '(schema of part 1 vs part 0): catalog has id INTEGER, email_hash VARCHAR, run wrote id BIGINT, email_hash VARCHAR',
    );
  });

  it('is empty without manifests', () => {
    // Act / Assert
    expect(writtenSchema([], 'service.users')).toEqual([]);
  });
});

describe('parseManifest', () => {
  it('returns a manifest that fits the PartResult contract', () => {
    // Arrange
    const manifest = partResult(0);

    // Act / Assert
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)), 'k')).toEqual(manifest);
  });

  it('keeps the invalid values a part landed as NULL, by column', () => {
    // Arrange
    const manifest = { ...partResult(0), invalidValuesNulled: { born: 2, updated_at: 1 } };

    // Act / Assert
    expect(parseManifest(JSON.parse(JSON.stringify(manifest)), 'k')).toEqual(manifest);
  });

  it('names the key and every field that does not fit', () => {
    // Arrange
    const broken = { ...partResult(0), rows: -1, files: 'none' };

    // Act / Assert
    expect(() => parseManifest(broken, '_manifests/service/users/run=X/part-00000.json')).toThrow(
      DataLakeError,
    );
    expect(() => parseManifest(broken, '_manifests/service/users/run=X/part-00000.json')).toThrow(
      /^Invalid part manifest _manifests\/service\/users\/run=X\/part-00000\.json: rows: .*; files: /,
    );
  });
});
