import {
  executionConsoleUrl,
  parseTableFailure,
  pipelineOfStateMachine,
  tableFailures,
} from '../../../lib/core/alerts';

describe('parseTableFailure', () => {
  it("reads the table and the Lambda's error out of the JSON cause Step Functions records", () => {
    // Arrange: the Fail state's cause of a deployed run (the Lambda's error response as Cause)
    const cause =
      'Table service.items failed with TransformError: {"errorType":"TransformError","errorMessage":"part 1 is corrupt","trace":["TransformError: part 1 is corrupt","    at transformPart (/var/task/index.js:1:1)"]}';

    // Act
    const failure = parseTableFailure('service', cause);

    // Assert
    expect(failure).toEqual({ table: 'items', cause: 'TransformError: part 1 is corrupt' });
  });

  it('keeps a cause that is the message itself (local mode, an SDK task)', () => {
    // Act
    const failure = parseTableFailure(
      'service',
      'Table service.orders failed with RowCountMismatchError: orders: 10 rows exported, 9 written',
    );

    // Assert
    expect(failure).toEqual({
      table: 'orders',
      cause: 'RowCountMismatchError: orders: 10 rows exported, 9 written',
    });
  });

  it('reads a replica chunk’s failure, naming the chunk before the error', () => {
    // Act
    const failure = parseTableFailure(
      'service',
      'Table service.users failed in chunk 3 with ExtractError: {"errorType":"ExtractError","errorMessage":"users.born_on: cannot cast","trace":[]}',
    );

    // Assert
    expect(failure).toEqual({ table: 'users', cause: 'chunk 3: ExtractError: users.born_on: cannot cast' });
  });

  it('names no table for another failure or another source', () => {
    // Act & Assert
    expect(parseTableFailure('service', 'RDS export x ended FAILED: denied')).toBeUndefined();
    expect(parseTableFailure('service', 'Table payments.refunds failed with E: x')).toBeUndefined();
  });
});

describe('tableFailures', () => {
  it('lists each table once, in the order first named, skipping causes that name none', () => {
    // Act
    const failures = tableFailures('service', [
      'Table service.items failed with TransformError: part 1 is corrupt',
      'not a table failure',
      'Table service.orders failed with CommitError: denied',
      'Table service.items failed with TransformError: part 1 is corrupt',
    ]);

    // Assert
    expect(failures).toEqual([
      { table: 'items', cause: 'TransformError: part 1 is corrupt' },
      { table: 'orders', cause: 'CommitError: denied' },
    ]);
  });
});

describe('pipelineOfStateMachine', () => {
  it("finds which of the source's pipelines a state machine runs, by its name", () => {
    // Act & Assert
    expect(pipelineOfStateMachine('marketplace', 'order_db', 'marketplace-order-db-snapshot')).toBe(
      'snapshot',
    );
    expect(pipelineOfStateMachine('marketplace', 'order_db', 'marketplace-order-db-replica')).toBe('replica');
    expect(pipelineOfStateMachine('marketplace', 'order_db', 'marketplace-payments-replica')).toBeUndefined();
  });
});

describe('executionConsoleUrl', () => {
  it("links the console's execution page in the execution's region", () => {
    // Act
    const url = executionConsoleUrl('arn:aws:states:us-east-2:123456789012:execution:lake-s-snapshot:e-1');

    // Assert
    expect(url).toBe(
      'https://us-east-2.console.aws.amazon.com/states/home?region=us-east-2#/v2/executions/details/arn:aws:states:us-east-2:123456789012:execution:lake-s-snapshot:e-1',
    );
  });
});
