import { csvRecord } from '../../../lib/core/extract';

describe('csvRecord', () => {
  it('quotes values, doubles inner quotes and keeps NULL apart from the empty string', () => {
    // Act
    const line = csvRecord(['안녕 "hi", 👋🏻', null, '', 'a\nb']);

    // Assert
    expect(line).toBe('"안녕 ""hi"", 👋🏻",,"","a\nb"\n');
  });
});
