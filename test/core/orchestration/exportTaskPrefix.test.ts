import { exportTaskId, exportTaskPrefix } from '../../../lib/core/orchestration/exportTaskPrefix';
import { RUN_ID_PATTERN } from '../../../lib/core/pipeline/runId';

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
