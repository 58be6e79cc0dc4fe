import { commitMetrics, schemaChangeCounts } from '../../../lib/core/commit';

describe('commitMetrics', () => {
  it('is an Embedded Metric Format record: one Count metric per value, by table', () => {
    // Act
    const record = commitMetrics('service.users', { RowsCommitted: 20, ColumnsAdded: 1 }, 1790000000000);

    // Assert
    expect(record).toEqual({
      _aws: {
        Timestamp: 1790000000000,
        CloudWatchMetrics: [
          {
            Namespace: 'DataLake/Snapshot',
            Dimensions: [['Table']],
            Metrics: [
              { Name: 'RowsCommitted', Unit: 'Count' },
              { Name: 'ColumnsAdded', Unit: 'Count' },
            ],
          },
        ],
      },
      Table: 'service.users',
      RowsCommitted: 20,
      ColumnsAdded: 1,
    });
  });
});

describe('schemaChangeCounts', () => {
  it('counts added, dropped and widened columns', () => {
    // Act
    const counts = schemaChangeCounts({
      added: [{ name: 'a', type: 'int' }],
      dropped: [
        { name: 'b', type: 'int' },
        { name: 'c', type: 'int' },
      ],
      widened: [],
    });

    // Assert
    expect(counts).toEqual({ ColumnsAdded: 1, ColumnsDropped: 2, ColumnsWidened: 0 });
  });
});
