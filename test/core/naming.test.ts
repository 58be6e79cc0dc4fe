import { eventsDatabaseName, sourceDatabaseName, stackName } from '../../lib/core/naming';

describe('naming', () => {
  it('builds Glue database names with underscores and lower case', () => {
    // Act / Assert
    expect(sourceDatabaseName('my-lake', 'service')).toBe('my_lake_service');
    expect(sourceDatabaseName('Lake', 'pay_ments')).toBe('lake_pay_ments');
    expect(eventsDatabaseName('my-lake')).toBe('my_lake_events');
  });

  it('builds stack names with hyphens only', () => {
    // Act / Assert
    expect(stackName('marketplace', { kind: 'foundation' })).toBe('marketplace-foundation');
    expect(stackName('marketplace', { kind: 'events' })).toBe('marketplace-events');
    expect(stackName('marketplace', { kind: 'source', source: 'order_db' })).toBe(
      'marketplace-source-order-db',
    );
  });
});
