import { utf8ByteLength } from '../../lib/client/utf8ByteLength';

const encoder = new TextEncoder();

describe('utf8ByteLength', () => {
  it.each([
    ['empty', ''],
    ['ASCII', 'user-42'],
    ['2-byte characters', 'émile-ß'],
    ['3-byte characters', '사용자-42'],
    ['a surrogate pair (4 bytes)', 'u-😀'],
    ['a lone high surrogate at the end (U+FFFD, 3 bytes)', 'u-\ud83d'],
    ['a lone high surrogate before another character', '\ud83dx'],
    ['a lone low surrogate', 'x\ude00'],
    ['two high surrogates then a low one', '\ud83d\ud83d\ude00'],
    ['the edges of each range', '\u007f\u0080\u07ff\u0800\uffff'],
  ])('counts %s as TextEncoder encodes it', (_, text) => {
    // Arrange
    const expected = encoder.encode(text).byteLength;

    // Act
    const bytes = utf8ByteLength(text);

    // Assert
    expect(bytes).toBe(expected);
  });
});
