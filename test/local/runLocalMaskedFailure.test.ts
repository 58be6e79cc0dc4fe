/**
 * Issue 15, deliverable 7 on real parts: a local replica run of the PostgreSQL test server forced
 * to fail on a masked column (a text array DuckDB cannot parse) names the table and the masked
 * columns, but neither the thrown error, the progress and warning lines, nor the run log
 * (`runs.json`) carries the source value. A 9 MiB masked value, which failed so before issue 17,
 * now lands (hashed) and leaves its value nowhere.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure } from '../../lib/cli/describeFailure';
import { parseConfig } from '../../lib/config';
import { runLocal } from '../../lib/local/runLocal';
import { loadFixture, postgresQuery, postgresUrl } from '../helpers/databases';
import { scanLakeForValues } from '../helpers/scanLakeForValues';

const SECRET = 'alice.private@example.com';

const CONFIG = parseConfig({
  name: 'masked-failure',
  pools: [{ name: 'small', maxConcurrency: 1 }],
  sources: [
    {
      name: 'payments',
      engine: 'postgres',
      database: 'payments',
      primary: { instanceIdentifier: 'payments-db' },
      credentialsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments-AbCdEf',
      defaultMode: 'replica-query',
      includeTables: 'listed',
      tables: [
        {
          name: 'refunds',
          pool: 'small',
          columns: {
            reason: { mask: 'hash' },
            requested_by_email: { mask: 'hash' },
            labels: { mask: 'hash' },
            notes: 'drop',
          },
        },
      ],
    },
  ],
});

/** Everything a failed run leaves for a person to read: the error (with its causes and stacks), the lines it printed, the run log. */
async function failedRunOutput(lakeDir: string): Promise<{ error: unknown; text: string }> {
  const lines: string[] = [];
  let error: unknown;
  try {
    await runLocal({
      config: CONFIG,
      lakeDir,
      sourceUrl: postgresUrl(),
      sourceName: 'payments',
      onProgress: (progress) => lines.push(JSON.stringify(progress)),
      onWarning: (warning) => lines.push(warning),
    });
  } catch (caught) {
    error = caught;
  }
  const chain: string[] = [];
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    chain.push(cause.message, cause.stack ?? '');
  }
  const text = [
    ...chain,
    describeFailure(error, true),
    ...lines,
    readFileSync(join(lakeDir, 'runs.json'), 'utf8'),
  ].join('\n');
  return { error, text };
}

describe('a local run failing on a masked column', () => {
  let lakeDir: string;
  beforeEach(async () => {
    await loadFixture('postgres');
    lakeDir = mkdtempSync(join(tmpdir(), 'masked-failure-'));
  });
  afterEach(() => rmSync(lakeDir, { recursive: true, force: true }));
  afterAll(() => loadFixture('postgres'));

  it('lands a 9 MiB value of a masked column, past the first read’s 8 MiB buffer, leaving its value nowhere', async () => {
    // Arrange: until issue 17 this row failed the run with the CSV reader's line limit.
    await postgresQuery('UPDATE refunds SET reason = $1 WHERE id = (SELECT min(id) FROM refunds)', [
      `${SECRET} ${'x'.repeat(9 * 1024 * 1024)}`,
    ]);

    // Act
    const { error, text } = await failedRunOutput(lakeDir);

    // Assert
    expect(error).toBeUndefined();
    expect(text).toMatch(/"table": "refunds",\s+"status": "done"/);
    expect(text).not.toContain(SECRET);
    expect(await scanLakeForValues(lakeDir, [SECRET], () => false)).toEqual([]);
  });

  it('names the table and the column of a masked array DuckDB cannot parse, never its value', async () => {
    // Arrange: a 2-D value in the 1-D text[] column, which the array parsing refuses
    await postgresQuery('UPDATE refunds SET labels = $1 WHERE id = (SELECT min(id) FROM refunds)', [
      [[`${SECRET}{`]],
    ]);

    // Act
    const { error, text } = await failedRunOutput(lakeDir);

    // Assert
    expect(error).toBeInstanceOf(Error);
    expect(text).toMatch(/payments\.refunds/);
    expect(text).toContain('in "labels", got: (withheld: rule-bound column)');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('alice.private');
  });
});
