import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportInfoError } from '../../../lib/core/errors';
import { parseExportInfo, parseExportTablesInfo } from '../../../lib/core/export';

const FIXTURES = join(__dirname, 'fixtures');
const EXPORT_ID = 'service-20261123T030005Z';
const INFO_FILE = `export_info_${EXPORT_ID}.json`;
const TABLES_FILE = `export_tables_info_${EXPORT_ID}_from_1_to_4.json`;

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

describe('parseExportInfo', () => {
  it('reads the export id and status of an export_info file', () => {
    // Act
    const info = parseExportInfo(fixture(INFO_FILE), INFO_FILE);

    // Assert
    expect([info.exportTaskIdentifier, info.status, info.percentProgress]).toEqual([
      EXPORT_ID,
      'COMPLETE',
      100,
    ]);
  });

  it('keeps keys it does not model, as AWS adds fields', () => {
    // Act
    const info = parseExportInfo(fixture(INFO_FILE), INFO_FILE);

    // Assert
    expect(info).toHaveProperty('sourceType', 'SNAPSHOT');
  });

  it('names the file and the field when the status is missing', () => {
    // Arrange
    const json = { exportTaskIdentifier: EXPORT_ID };

    // Act / Assert
    expect(() => parseExportInfo(json, 'exports/x/export_info_x.json')).toThrow(
      /exports\/x\/export_info_x\.json:\n\s+status: /,
    );
  });
});

describe('parseExportTablesInfo', () => {
  it('reads every perTableStatus entry with its status and target', () => {
    // Act
    const info = parseExportTablesInfo(fixture(TABLES_FILE), TABLES_FILE);

    // Assert
    expect(info.perTableStatus.map((entry) => [entry.target, entry.status])).toEqual([
      ['service.users', 'COMPLETE'],
      ['service.items', 'COMPLETE'],
      ['service.orders', 'FAILED'],
      ['service.audit log', 'SKIPPED'],
    ]);
  });

  it('reads the column mappings, precision facts given as digit strings included', () => {
    // Act
    const info = parseExportTablesInfo(fixture(TABLES_FILE), TABLES_FILE);

    // Assert
    expect(info.perTableStatus[1]?.schemaMetadata?.originalTypeMappings[0]).toEqual({
      columnName: 'id',
      originalType: 'int(10) unsigned',
      expectedExportedType: 'int64',
      originalCharMaxLength: 0,
      originalNumPrecision: 10,
      originalDateTimePrecision: 0,
    });
  });

  it('raises ExportInfoError naming the entry whose column has no name', () => {
    // Arrange
    const json = {
      perTableStatus: [
        {
          target: 'service.users',
          status: 'COMPLETE',
          schemaMetadata: { originalTypeMappings: [{ originalType: 'int', expectedExportedType: 'int32' }] },
        },
      ],
    };

    // Act / Assert
    expect(() => parseExportTablesInfo(json, TABLES_FILE)).toThrow(ExportInfoError);
    expect(() => parseExportTablesInfo(json, TABLES_FILE)).toThrow(
      /perTableStatus\[0\]\.schemaMetadata\.originalTypeMappings\[0\]\.columnName/,
    );
  });
});
