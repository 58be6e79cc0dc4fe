import { ARCHIVE_PARTITION_KEYS, archiveColumns, glueType } from '../../../lib/core/events';

describe('archiveColumns', () => {
  it('starts with the envelope columns, in order', () => {
    // Act
    const columns = archiveColumns({});

    // Assert
    expect(columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'event_id string',
      'event_name string',
      'client_time timestamp',
      'schema_version int',
      'partition_key string',
      'arrival_time timestamp',
      'payload string',
    ]);
  });

  it('adds one lower-case column per payload field, in config order, with the Glue spelling of its type', () => {
    // Act
    const columns = archiveColumns({
      payloadFields: {
        itemId: 'bigint',
        price: 'decimal(12, 2)',
        qty: 'integer',
        ratio: 'real',
        seenOn: 'date',
      },
    });

    // Assert
    expect(columns.slice(7)).toEqual([
      { name: 'itemid', type: 'bigint', comment: 'payload.itemId' },
      { name: 'price', type: 'decimal(12,2)', comment: 'payload.price' },
      { name: 'qty', type: 'int', comment: 'payload.qty' },
      { name: 'ratio', type: 'float', comment: 'payload.ratio' },
      { name: 'seenon', type: 'date', comment: 'payload.seenOn' },
    ]);
  });

  it('keeps the partition keys out of the columns', () => {
    // Act
    const names = archiveColumns({ payloadFields: { a: 'string' } }).map((c) => c.name);

    // Assert
    expect(ARCHIVE_PARTITION_KEYS.map((k) => k.name)).toEqual(['dt', 'hour']);
    expect(names).not.toContain('dt');
    expect(names).not.toContain('hour');
  });
});

describe('glueType', () => {
  it.each([
    ['integer', 'int'],
    ['real', 'float'],
    ['decimal( 38 , 0 )', 'decimal(38,0)'],
    ['varchar(20)', 'varchar(20)'],
    ['timestamp', 'timestamp'],
  ])('writes %s as %s', (athena, glue) => {
    expect(glueType(athena)).toBe(glue);
  });
});
