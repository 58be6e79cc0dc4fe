import {
  MAX_LISTED_TABLES,
  MAX_SUBJECT_LENGTH,
  type RunFailure,
  runFailureMessage,
} from '../../../lib/core/alerts';

const EXECUTION_ARN = 'arn:aws:states:eu-west-1:123456789012:execution:marketplace-service-snapshot:3f1c-run';

/** A snapshot run of source service that failed on two tables. */
function twoTablesFailed(overrides: Partial<RunFailure> = {}): RunFailure {
  return {
    lake: 'marketplace',
    source: 'service',
    pipeline: 'snapshot',
    stateMachine: 'marketplace-service-snapshot',
    execution: '3f1c-run',
    status: 'FAILED',
    startedAt: '2026-12-07T03:00:05.000Z',
    error: 'TableFailed',
    cause: 'Table service.items failed with TransformError: part 1 is corrupt',
    failedTables: [
      { table: 'items', cause: 'TransformError: part 1 is corrupt' },
      { table: 'orders', cause: 'RowCountMismatchError: orders: 10 rows exported, 9 written' },
    ],
    link: `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXECUTION_ARN}`,
    ...overrides,
  };
}

describe('runFailureMessage', () => {
  it('tells a run that failed on two tables: the lake, source, pipeline, each table with its cause, the console link', () => {
    // Act
    const message = runFailureMessage(twoTablesFailed());

    // Assert
    expect(message.subject).toBe('Data lake marketplace: service snapshot run FAILED: 2 tables failed');
    expect(message.body).toBe(
      [
        'The snapshot pipeline of source service in data lake marketplace failed.',
        '',
        'State machine: marketplace-service-snapshot',
        'Execution: 3f1c-run',
        'Started: 2026-12-07T03:00:05.000Z',
        'Status: FAILED',
        '',
        'Failed tables (2):',
        '- items: TransformError: part 1 is corrupt',
        '- orders: RowCountMismatchError: orders: 10 rows exported, 9 written',
        '',
        `Details: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${EXECUTION_ARN}`,
        '',
      ].join('\n'),
    );
  });

  it("tells the run's own error and cause when no table is to blame", () => {
    // Act
    const message = runFailureMessage(
      twoTablesFailed({
        error: 'ExportFailed',
        cause:
          'RDS export marketplace-service-20261207t030005z ended FAILED: The IAM role does not have access to the KMS key.',
        failedTables: [],
      }),
    );

    // Assert
    expect(message.subject).toBe('Data lake marketplace: service snapshot run FAILED (ExportFailed)');
    expect(message.body).toContain(
      '\nError: ExportFailed: RDS export marketplace-service-20261207t030005z ended FAILED: The IAM role does not have access to the KMS key.\n',
    );
    expect(message.body).not.toContain('Failed tables');
  });

  it('says what a timeout and an abort mean when no error is recorded', () => {
    // Act
    const timedOut = runFailureMessage(
      twoTablesFailed({ status: 'TIMED_OUT', error: undefined, cause: undefined, failedTables: [] }),
    );
    const aborted = runFailureMessage(
      twoTablesFailed({ pipeline: 'replica', status: 'ABORTED', error: undefined, failedTables: [] }),
    );

    // Assert
    expect(timedOut.subject).toBe('Data lake marketplace: service snapshot run TIMED_OUT');
    expect(timedOut.body.split('\n')[0]).toBe(
      "The snapshot pipeline of source service in data lake marketplace timed out: it ran longer than its state machine's timeout.",
    );
    expect(aborted.body.split('\n')[0]).toBe(
      'The replica pipeline of source service in data lake marketplace was aborted: it was stopped before it ended.',
    );
    expect(timedOut.body).not.toContain('Error:');
  });

  it("keeps the subject under SNS's 100 characters, on one line of printable ASCII", () => {
    // Act
    const long = runFailureMessage(twoTablesFailed({ lake: 'a-very-long-lake-name-'.repeat(4) })).subject;
    const odd = runFailureMessage(twoTablesFailed({ source: 'café\nbar' })).subject;

    // Assert
    expect(long.length).toBe(MAX_SUBJECT_LENGTH);
    expect(long.endsWith('...')).toBe(true);
    expect(odd).toBe('Data lake marketplace: caf??bar snapshot run FAILED: 2 tables failed');
    for (const subject of [long, odd]) expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });

  it('lists at most MAX_LISTED_TABLES tables and counts the rest, each multi-line cause indented', () => {
    // Arrange
    const failedTables = Array.from({ length: MAX_LISTED_TABLES + 2 }, (_, index) => ({
      table: `t${index}`,
      cause: 'ExtractError: line one\n  \nline two',
    }));

    // Act
    const { body } = runFailureMessage(twoTablesFailed({ failedTables }));

    // Assert
    expect(body).toContain(`Failed tables (${MAX_LISTED_TABLES + 2}):`);
    expect(body).toContain('- t0: ExtractError: line one\n\n    line two\n');
    expect(body).not.toContain(`- t${MAX_LISTED_TABLES}:`);
    expect(body).toContain('- and 2 more tables\n');
  });
});
