import { lastCsvRecordEnd } from '../../../lib/core/extract';

describe('lastCsvRecordEnd', () => {
  it('ends after the last newline outside quotes and carries the open quote', () => {
    // Arrange
    const state = { inQuotes: false };

    // Act
    const end = lastCsvRecordEnd(Buffer.from('1,"a\nb"\n2,"c\n'), state);

    // Assert
    expect([end, state.inQuotes]).toEqual([8, true]);
  });

  it('finds no record end inside a value that is still quoted', () => {
    // Arrange
    const state = { inQuotes: true };

    // Act
    const end = lastCsvRecordEnd(Buffer.from('still\nquoted'), state);

    // Assert
    expect([end, state.inQuotes]).toEqual([-1, true]);
  });

  it('counts doubled quotes twice, so a newline after them is outside', () => {
    // Arrange
    const state = { inQuotes: false };

    // Act
    const end = lastCsvRecordEnd(Buffer.from('"say ""hi"""\n"x'), state);

    // Assert
    expect([end, state.inQuotes]).toEqual([13, true]);
  });

  it('cuts a stream split anywhere on one of its record boundaries', () => {
    // Arrange: quoted newlines, commas, doubled quotes and an empty string; records end at 11, 25 and 34
    const stream = Buffer.from('1,"a\nb",""\n2,"x,""y""\n",\n3,,plain\n');
    const heads: number[] = [];

    // Act: the whole records in the first piece of every split
    for (let split = 0; split <= stream.length; split += 1) {
      const end = lastCsvRecordEnd(stream.subarray(0, split), { inQuotes: false });
      heads.push(end === -1 ? 0 : end);
    }

    // Assert
    expect([...new Set(heads)]).toEqual([0, 11, 25, 34]);
  });
});
