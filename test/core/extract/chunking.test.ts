import { chunkStrategy, integerRangeChunks, keysetChunks } from '../../../lib/core/extract';

describe('integerRangeChunks', () => {
  it('splits min..max into inclusive ranges of chunkSize keys', () => {
    // Act
    const chunks = integerRangeChunks('id', '1', '25', 10);

    // Assert
    expect(chunks.map((chunk) => (chunk.kind === 'range' ? [chunk.from, chunk.to] : []))).toEqual([
      ['1', '10'],
      ['11', '20'],
      ['21', '25'],
    ]);
  });

  it('stays exact at the top of BIGINT UNSIGNED', () => {
    // Act
    const chunks = integerRangeChunks('id', '18446744073709551610', '18446744073709551615', 4);

    // Assert
    expect(chunks.at(-1)).toEqual({
      kind: 'range',
      column: 'id',
      from: '18446744073709551614',
      to: '18446744073709551615',
    });
  });

  it('refuses a minimum above the maximum', () => {
    // Act / Assert
    expect(() => integerRangeChunks('id', '5', '1', 10)).toThrow(/minimum 5 is above maximum 1/);
  });
});

describe('keysetChunks', () => {
  it('bounds the chunks by the boundaries and the maximum key', () => {
    // Act
    const chunks = keysetChunks('code', 'text', ['b', 'd'], 'e');

    // Assert
    expect(chunks).toEqual([
      { kind: 'keyset', column: 'code', valueKind: 'text', through: 'b' },
      { kind: 'keyset', column: 'code', valueKind: 'text', after: 'b', through: 'd' },
      { kind: 'keyset', column: 'code', valueKind: 'text', after: 'd', through: 'e' },
    ]);
  });

  it('adds no empty chunk when the last boundary is the maximum', () => {
    // Act
    const chunks = keysetChunks('id', 'integer', ['10', '20'], '20');

    // Assert
    expect(chunks).toHaveLength(2);
  });
});

describe('chunkStrategy', () => {
  it('uses ranges for a dense integer key', () => {
    // Act / Assert
    expect(
      chunkStrategy({ column: 'id', kind: 'integer' }, { rows: 2500, min: '1', max: '2600' }, 1000),
    ).toBe('ranges');
  });

  it('uses keyset boundaries for a sparse integer key', () => {
    // Act / Assert
    expect(
      chunkStrategy(
        { column: 'id', kind: 'integer' },
        { rows: 20, min: '1', max: '18446744073709551615' },
        1000,
      ),
    ).toBe('keyset');
  });

  it('uses keyset boundaries for a text key', () => {
    // Act / Assert
    expect(chunkStrategy({ column: 'code', kind: 'text' }, { rows: 5, min: 'a', max: 'e' }, 1000)).toBe(
      'keyset',
    );
  });

  it('reads a table without a single-column key in one chunk', () => {
    // Act / Assert
    expect(chunkStrategy(undefined, { rows: 50_000 }, 1000)).toBe('single');
  });

  it('plans no chunk for no rows', () => {
    // Act / Assert
    expect(chunkStrategy({ column: 'id', kind: 'integer' }, { rows: 0, min: null, max: null }, 1000)).toBe(
      'empty',
    );
  });
});
