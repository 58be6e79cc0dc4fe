import { csvRecordMaxBytes, writeCsvRecord } from '../../../lib/core/extract';

/** Encodes one record of text values (null for NULL) into a fresh buffer of the advertised size. */
function record(values: readonly (string | null)[]): string {
  const bytes = values.map((value) => (value === null ? null : Buffer.from(value, 'utf8')));
  const out = Buffer.alloc(csvRecordMaxBytes(bytes));
  const end = writeCsvRecord(bytes, out, 0);
  return out.toString('utf8', 0, end);
}

describe('writeCsvRecord', () => {
  it('quotes values, doubles inner quotes and keeps NULL apart from the empty string', () => {
    // Act
    const line = record(['안녕 "hi", 👋🏻', null, '', 'a\nb']);

    // Assert
    expect(line).toBe('"안녕 ""hi"", 👋🏻",,"","a\nb"\n');
  });

  it('copies long values with and without quotes exactly', () => {
    // Arrange: longer than the native-copy threshold, one with quotes at both ends
    const plain = '중고 상품 123 팝니다 😀 거의 새것 (long enough)';
    const quoted = `"${plain}"`;

    // Act
    const line = record([plain, quoted]);

    // Assert
    expect(line).toBe(`"${plain}","""${plain}"""\n`);
  });

  it('writes at the offset and returns the offset after the record', () => {
    // Arrange
    const out = Buffer.alloc(32, '#');

    // Act
    const end = writeCsvRecord([Buffer.from('1'), null], out, 3);

    // Assert
    expect(out.toString('utf8', 0, end + 1)).toBe('###"1",\n#');
  });

  it('never writes past csvRecordMaxBytes, even when every byte is a quote', () => {
    // Arrange
    const values = [Buffer.from('"'.repeat(40)), null, Buffer.alloc(0)];

    // Act
    const end = writeCsvRecord(values, Buffer.alloc(csvRecordMaxBytes(values)), 0);

    // Assert
    expect(end).toBeLessThanOrEqual(csvRecordMaxBytes(values));
    expect(end).toBe(1 + 80 + 1 + 1 + 1 + 2 + 1);
  });
});
